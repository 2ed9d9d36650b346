package org.thatdam.server.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Start recording one source or several together (they begin within a frame of each other): the take's
 * name (its title in the library), how long (seconds; left out: until stopped) and the start timecode
 * ({@code HH:MM:SS:FF}, {@code ;} before the frames for drop-frame; left out: the time of day).
 */
public record CaptureRecordBody(List<String> sources, @Nullable String name, @Nullable Double seconds,
                                @Nullable String timecode) {}
