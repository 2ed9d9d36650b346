package org.thatdam.media.motion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.thatdam.model.AssetKind;
import org.thatdam.model.MediaInfo;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.probe.MediaProber;

/**
 * What the {@code motion}, {@code idle} and {@code cut} packages ask of a file's metadata, and a
 * best-effort delete (arguments, failures, checks: the {@code ffmpeg} package). Not an API.
 */
public final class ToolSupport {

    private ToolSupport() {}

    /** The caller's metadata when it knows kind, duration and (for video) picture size, else a fresh probe. */
    public static MediaInfo complete(MediaInfo info, FfmpegTools tools, Duration timeout, Path input) {
        boolean enough = info != null && info.kind() != null && info.kind() != AssetKind.OTHER
                && info.durationSec() != null
                && (info.videoCodec() == null || (info.width() != null && info.height() != null));
        return enough ? info : new MediaProber(tools, timeout).probe(input);
    }

    /** Whether the probe found a picture stream that moves (not an image, not cover art only). */
    public static boolean hasVideo(MediaInfo m) {
        return m.kind() == AssetKind.VIDEO && m.videoCodec() != null && m.width() != null && m.height() != null;
    }

    public static boolean hasAudio(MediaInfo m) {
        return m.audioCodec() != null;
    }

    public static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a leftover ".name.tmp-" file is harmless and recognisable
        }
    }
}
