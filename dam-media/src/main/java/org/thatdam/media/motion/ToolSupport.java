package org.thatdam.media.motion;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.thatdam.model.AssetKind;
import org.thatdam.model.MediaInfo;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.FileArg;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.probe.MediaProber;

/**
 * Argument conventions, error messages and file helpers shared by the {@code motion}, {@code idle}
 * and {@code cut} packages (the derive package keeps its own copy package-private). Not an API.
 */
public final class ToolSupport {

    private ToolSupport() {}

    /** No stdin, no banner, no stats line, only errors on stderr. */
    public static List<String> ffmpegArgs() {
        return new ArrayList<>(List.of("-nostdin", "-hide_banner", "-loglevel", "error", "-nostats", "-y"));
    }

    /** "file:" stops a crafted name ("-x.mp4", "concat:a|b") being taken as an option or a protocol (outputs; inputs go through MediaInput). */
    public static String file(Path p) {
        return "file:" + p.toAbsolutePath();
    }

    /** A failed run as a one-line message that names the input by its file name only. */
    public static MediaException failure(String what, ProcessResult r, Path input) {
        String s = FileArg.clean(r.errorSummary(), input).strip();
        return new MediaException(what + ": " + (s.isEmpty() ? "unknown ffmpeg error" : s));
    }

    public static void checkCancelled(BooleanSupplier cancel) {
        if (cancel != null && cancel.getAsBoolean()) {
            throw new ToolRunner.CancelledException("cancelled");
        }
    }

    public static void checkReadable(Path input) {
        if (!Files.isRegularFile(input)) {
            throw new MediaException("cannot read " + input.getFileName() + ": no such file");
        }
    }

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

    /** A number for an ffmpeg argument or filter graph: plain decimal, never exponent notation. */
    public static String num(double v) {
        return new BigDecimal(v).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
