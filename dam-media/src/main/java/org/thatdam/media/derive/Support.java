package org.thatdam.media.derive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.thatdam.model.AssetKind;
import org.thatdam.model.MediaInfo;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.probe.MediaProber;
import org.thatdam.storage.AtomicFiles;

/** What the makers share: geometry, temporary files, metadata (arguments, failures, checks: the ffmpeg package). */
final class Support {

    private Support() {}

    /**
     * The caller's metadata when it has what a maker needs (kind, picture size, duration), else a
     * fresh probe: a damaged file then fails here with the prober's precise message.
     */
    static MediaInfo complete(MediaInfo info, FfmpegTools tools, Duration timeout, Path input) {
        boolean enough = info != null && info.kind() != null && info.kind() != AssetKind.OTHER
                && (info.kind() == AssetKind.AUDIO || (info.width() != null && info.height() != null))
                && (info.kind() == AssetKind.IMAGE || info.durationSec() != null);
        if (enough) {
            return info;
        }
        return new MediaProber(tools, timeout).probe(input);
    }

    /** A temporary sibling of {@code target} that exists nowhere yet and is not in {@code taken}. */
    static Path temp(Path target, Set<Path> taken) throws IOException {
        for (int i = 0; ; i++) {
            Path t = AtomicFiles.tempSibling(target);
            if (!Files.exists(t) && taken.add(t)) {
                return t;
            }
            if (i > 100) {
                throw new IOException("cannot find a free temporary name next to " + target);
            }
            Thread.onSpinWait();
        }
    }

    static Set<Path> newTaken() {
        return new HashSet<>();
    }

    static void deleteQuietly(Iterable<Path> files) {
        for (Path p : files) {
            deleteQuietly(p);
        }
    }

    static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a leftover ".tmp-" file is harmless and recognisable
        }
    }

    static boolean nonEmpty(Path p) {
        try {
            return Files.isRegularFile(p) && Files.size(p) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    static MediaException io(String what, IOException e) {
        return new MediaException(what + ": " + e.getMessage(), e);
    }

    // ---- geometry

    /**
     * The size a viewer sees (rotation and non-square pixels applied, see
     * {@link org.thatdam.media.libav.DisplaySize}): computed again from the stored probe answer
     * when there is one, so an info catalogued with its coded size comes out right too.
     */
    static Size displaySize(MediaInfo info) {
        if (info.width() == null || info.height() == null || info.width() <= 0 || info.height() <= 0) {
            throw new MediaException("picture size unknown");
        }
        return org.thatdam.media.libav.DisplaySize.fromProbeJson(info.rawJson(), info.rotation())
                .map(d -> new Size(d.width(), d.height()))
                .orElseGet(() -> new Size(info.width(), info.height()));
    }

    /** Fits {@code src} into a {@code maxLong} square: aspect kept, never upscaled, even sides (at least 2). */
    static Size fit(Size src, int maxLong) {
        double scale = Math.min(1.0, maxLong / (double) src.longSide());
        return new Size(evenDown(src.width() * scale), evenDown(src.height() * scale));
    }

    /** A picture {@code width} wide (even) with the display aspect of {@code src}, even height. */
    static Size widthFor(Size src, int width) {
        return new Size(evenDown(width), evenRound(width * (double) src.height() / src.width()));
    }

    static int evenDown(double v) {
        return Math.max(2, (int) Math.floor(v / 2 + 1e-9) * 2);
    }

    static int evenRound(double v) {
        return Math.max(2, (int) Math.round(v / 2) * 2);
    }
}
