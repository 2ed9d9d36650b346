package org.thatdam.core.duplicates;

import java.util.List;

/** What "keep this one" did: the asset kept, and those forgotten from the catalog (their files stay on disk). */
public record KeepResult(long kept, List<Long> forgotten) {}
