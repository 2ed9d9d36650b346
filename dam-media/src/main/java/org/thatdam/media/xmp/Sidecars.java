package org.thatdam.media.xmp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.thatdam.media.probe.MediaSniffer;
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

    /**
     * The two names a sidecar of {@code media} may have, the winning one first. Built from the
     * path's exact text form, never from {@code toString()}: a name the locale cannot decode
     * ({@code caf\xE9.mp4}, or any non-ASCII name without a locale) still yields its own sidecar.
     */
    public static List<Path> candidates(Path media) {
        String text = FileNames.text(media);
        int dot = text.lastIndexOf('.');
        Path full = FileNames.path(text + ".xmp");
        return dot > text.lastIndexOf('/') + 1 ? List.of(full, FileNames.path(text.substring(0, dot) + ".xmp")) : List.of(full);
    }

    /**
     * The existing sidecar of {@code media} (also spelt {@code .XMP}), if any. {@code clip.xmp}
     * counts only when no other media file beside it is named {@code clip.*}: it may describe
     * {@code clip.wav} as well as {@code clip.mp4}, so it is read into neither.
     */
    public static Optional<Path> find(Path media) {
        List<Path> c = candidates(media);
        for (int i = 0; i < c.size(); i++) {
            Optional<Path> p = existing(c.get(i));
            if (p.isPresent() && (i == 0 || !shared(media))) return p;
        }
        return Optional.empty();
    }

    private static Optional<Path> existing(Path sidecar) {
        String text = FileNames.text(sidecar);
        for (Path p : List.of(sidecar, FileNames.path(text.substring(0, text.length() - 4) + ".XMP"))) {
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** Where a new sidecar of {@code media} goes ({@code clip.mov.xmp} when {@code clip.xmp} would be shared). */
    public static Path newSidecar(Path media, AssetKind kind) {
        List<Path> c = candidates(media);
        return kind == AssetKind.IMAGE || c.size() == 1 || shared(media) ? c.get(0) : c.get(1);
    }

    /** Whether another media file in the folder of {@code media} has its base name ({@code clip.mp4}, {@code clip.wav}). */
    static boolean shared(Path media) {
        String name = nameOf(media);
        String base = name.substring(0, Math.max(name.lastIndexOf('.'), 0)) + ".";
        Path folder = media.toAbsolutePath().getParent();
        if (base.length() == 1 || folder == null) return false;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path f : files) {
                String n = nameOf(f);
                if (!n.equals(name) && n.startsWith(base) && n.indexOf('.', base.length()) < 0 && !isSidecar(f)
                        && MediaSniffer.byExtension(f).isPresent()) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return true; // cannot tell: not reading a sidecar that may be another file's is the safe side
        }
    }

    /** A file's name in the catalog's exact text form. */
    private static String nameOf(Path p) {
        String text = FileNames.text(p);
        return text.substring(text.lastIndexOf('/') + 1);
    }

    /**
     * The media files a sidecar may describe, by its name: {@code clip.mov.xmp} only
     * {@code clip.mov}; {@code clip.xmp} the one {@code clip.*} beside it whose own winning sidecar it is.
     */
    public static List<Path> mediaOf(Path sidecar, List<Path> siblings) {
        String name = nameOf(sidecar);
        String base = name.substring(0, name.length() - 4);
        return siblings.stream().filter(m -> {
            String n = nameOf(m);
            return !isSidecar(m) && (n.equals(base) || n.startsWith(base + ".") && n.lastIndexOf('.') == base.length())
                    && find(m).map(s -> nameOf(s).equals(name)).orElse(false);
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
