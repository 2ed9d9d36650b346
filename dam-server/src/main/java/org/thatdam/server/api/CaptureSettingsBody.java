package org.thatdam.server.api;

import org.jspecify.annotations.Nullable;

/**
 * What a source delivers: size, frame rate ({@code 25}, {@code 29.97}, {@code 30000/1001}), the device's
 * pixel or codec format, a sound input to pair with it, the RTSP transport. A field left out is the
 * source's own default.
 */
public record CaptureSettingsBody(@Nullable Integer width, @Nullable Integer height, @Nullable String rate,
                                  @Nullable String format, @Nullable String audio, @Nullable String transport) {}
