package org.thatdam.bench;

import java.util.List;
import java.util.Map;

/** What one measure contributes to a run: its detailed JSON and its lines of the table. */
record Section(Map<String, Object> json, List<Row> rows) {}
