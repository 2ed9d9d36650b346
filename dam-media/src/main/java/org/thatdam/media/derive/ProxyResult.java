package org.thatdam.media.derive;

import java.nio.file.Path;

/**
 * The proxy that was written, as probed after encoding.
 *
 * @param file         where it is (the requested path; for audio-only input its extension is .m4a)
 * @param size         picture size, null for an audio-only proxy
 * @param videoEncoder the H.264 encoder used, null for an audio-only proxy
 */
public record ProxyResult(Path file, Size size, double durationSec, String videoEncoder) {}
