package org.thatdam.media.xmp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.thatdam.model.AssetKind;
import org.thatdam.storage.FileNames;

/**
 * Where a media file's sidecar is. Two conventions exist: {@code clip.mov.xmp} (darktable, and
 * the only one that names a single file) and {@code clip.xmp} (Lightroom, Bridge, DaVinci
 * Resolve). When both exist, {@code clip.mov.xmp} wins: {@code clip.xmp} may belong to
 * {@code clip.wav} just as well. A new sidecar is named the way the tools that handle that kind
 * read it: {@code photo.jpg.xmp} for images (darktable), {@code clip.xmp} for video and audio.
 */
public final class Sidecars {

    private Sidecars() {}

    public static boolean isSidecar(Path file) {
        return file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xmp");
    }

    /** The two names a sidecar of {@code media} may have, the winning one first. */
    public static List<Path> candidates(Path media) {
        String name = media.getFileName().toString();
        int dot = name.lastIndexOf('.');
        Path full = media.resolveSibling(name + ".xmp");
        return dot > 0 ? List.of(full, media.resolveSibling(name.substring(0, dot) + ".xmp")) : List.of(full);
    }

    /** The existing sidecar of {@code media} (also spelt {@code .XMP}), if any. */
    public static Optional<Path> find(Path media) {
        for (Path c : candidates(media)) {
            for (Path p : List.of(c, c.resolveSibling(c.getFileName().toString().replaceAll("\\.xmp$", ".XMP")))) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Where a new sidecar of {@code media} goes. */
    public static Path newSidecar(Path media, AssetKind kind) {
        List<Path> c = candidates(media);
        return kind == AssetKind.IMAGE || c.size() == 1 ? c.get(0) : c.get(1);
    }

    /**
     * The media files a sidecar may describe, by its name: {@code clip.mov.xmp} only
     * {@code clip.mov}; {@code clip.xmp} any {@code clip.*} beside it whose own winning sidecar it is.
     */
    public static List<Path> mediaOf(Path sidecar, List<Path> siblings) {
        String name = sidecar.getFileName().toString();
        String base = name.substring(0, name.length() - 4);
        return siblings.stream().filter(m -> {
            String n = m.getFileName().toString();
            return !isSidecar(m) && (n.equals(base) || n.startsWith(base + ".") && n.lastIndexOf('.') == base.length())
                    && find(m).map(s -> s.getFileName().toString().equals(name)).orElse(false);
        }).toList();
    }

    /** Reads a sidecar: at most {@value Xmp#MAX_PACKET} bytes, parsed safely. */
    public static byte[] read(Path sidecar) throws IOException {
        long size = Files.size(sidecar);
        if (size > Xmp.MAX_PACKET) throw XmpException.tooLarge(FileNames.displayName(sidecar), size);
        try (InputStream in = Files.newInputStream(sidecar, LinkOption.NOFOLLOW_LINKS)) {
            byte[] b = in.readNBytes(Xmp.MAX_PACKET + 1);
            if (b.length > Xmp.MAX_PACKET) throw XmpException.tooLarge(FileNames.displayName(sidecar), b.length);
            return b;
        }
    }

    public static XmpValues values(Path sidecar) throws IOException {
        return Xmp.read(read(sidecar), FileNames.displayName(sidecar));
    }
}
