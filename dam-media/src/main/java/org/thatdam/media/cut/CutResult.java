package org.thatdam.media.cut;

import org.thatdam.media.derive.Size;

/** What {@link RangeCutter} wrote: its probed duration and picture size ({@code null} for audio only). */
public record CutResult(double outputSec, Size size) {}
