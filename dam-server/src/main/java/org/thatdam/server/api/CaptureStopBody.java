package org.thatdam.server.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Stop the recordings of these sources, or these takes; both left out or empty: every recording. */
public record CaptureStopBody(@Nullable List<String> sources, @Nullable List<Long> takes) {}
