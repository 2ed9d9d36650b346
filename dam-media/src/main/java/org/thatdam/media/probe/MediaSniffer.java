package org.thatdam.media.probe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.thatdam.model.AssetKind;

/**
 * Decides cheaply whether a file is worth probing: by extension for the usual names, by the first
 * bytes (container signatures) for the rest. Never reads more than 16 bytes.
 */
public final class MediaSniffer {

    private static final Set<String> VIDEO = Set.of("mp4", "m4v", "mov", "qt", "mkv", "webm", "avi", "wmv", "asf",
            "flv", "f4v", "mpg", "mpeg", "m2v", "vob", "ts", "mts", "m2ts", "m2t", "3gp", "3g2", "mxf", "ogv", "dv",
            "divx", "xvid", "rm", "rmvb", "y4m", "nut", "h264", "264", "hevc", "265", "braw", "r3d", "insv", "lrv");
    private static final Set<String> AUDIO = Set.of("mp3", "wav", "wave", "aac", "m4a", "m4b", "flac", "ogg", "oga",
            "opus", "wma", "aif", "aiff", "aifc", "alac", "ac3", "eac3", "dts", "amr", "caf", "mka", "ape", "wv", "mid");
    private static final Set<String> IMAGE = Set.of("jpg", "jpeg", "jpe", "png", "gif", "webp", "bmp", "tif", "tiff",
            "heic", "heif", "avif", "dng", "cr2", "cr3", "nef", "arw", "orf", "rw2", "raf", "psd", "exr", "tga", "jxl");

    private MediaSniffer() {}

    /** The kind suggested by the file name alone, if it has a media extension. */
    public static Optional<AssetKind> byExtension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) {
            return Optional.empty();
        }
        String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (VIDEO.contains(ext)) return Optional.of(AssetKind.VIDEO);
        if (AUDIO.contains(ext)) return Optional.of(AssetKind.AUDIO);
        if (IMAGE.contains(ext)) return Optional.of(AssetKind.IMAGE);
        return Optional.empty();
    }

    /** Extension first, then the file's signature. Empty means "not media, skip it". */
    public static Optional<AssetKind> sniff(Path file) throws IOException {
        Optional<AssetKind> ext = byExtension(file);
        if (ext.isPresent()) {
            return ext;
        }
        byte[] head = new byte[16];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        return bySignature(head, n);
    }

    static Optional<AssetKind> bySignature(byte[] b, int n) {
        if (n >= 12 && is(b, 4, "ftyp")) {
            return Optional.of(is(b, 8, "M4A ") || is(b, 8, "M4B ") ? AssetKind.AUDIO
                    : is(b, 8, "heic") || is(b, 8, "heix") || is(b, 8, "mif1") || is(b, 8, "avif") ? AssetKind.IMAGE
                    : AssetKind.VIDEO);
        }
        if (n >= 12 && is(b, 0, "RIFF")) {
            if (is(b, 8, "AVI ")) return Optional.of(AssetKind.VIDEO);
            if (is(b, 8, "WAVE")) return Optional.of(AssetKind.AUDIO);
            if (is(b, 8, "WEBP")) return Optional.of(AssetKind.IMAGE);
        }
        if (n >= 4 && u(b, 0) == 0x1A && u(b, 1) == 0x45 && u(b, 2) == 0xDF && u(b, 3) == 0xA3) return Optional.of(AssetKind.VIDEO); // EBML: mkv/webm
        if (n >= 4 && u(b, 0) == 0 && u(b, 1) == 0 && u(b, 2) == 1 && (u(b, 3) == 0xBA || u(b, 3) == 0xB3)) return Optional.of(AssetKind.VIDEO); // MPEG-PS/ES
        if (n >= 8 && (is(b, 4, "moov") || is(b, 4, "mdat") || is(b, 4, "wide") || is(b, 4, "free"))) return Optional.of(AssetKind.VIDEO); // old QuickTime
        if (n >= 3 && is(b, 0, "FLV")) return Optional.of(AssetKind.VIDEO);
        if (n >= 4 && u(b, 0) == 0x30 && u(b, 1) == 0x26 && u(b, 2) == 0xB2 && u(b, 3) == 0x75) return Optional.of(AssetKind.VIDEO); // ASF/WMV
        if (n >= 4 && is(b, 0, "OggS")) return Optional.of(AssetKind.AUDIO);
        if (n >= 4 && is(b, 0, "fLaC")) return Optional.of(AssetKind.AUDIO);
        if (n >= 3 && is(b, 0, "ID3")) return Optional.of(AssetKind.AUDIO);
        if (n >= 3 && u(b, 0) == 0xFF && u(b, 1) == 0xD8 && u(b, 2) == 0xFF) return Optional.of(AssetKind.IMAGE);
        if (n >= 8 && u(b, 0) == 0x89 && is(b, 1, "PNG")) return Optional.of(AssetKind.IMAGE);
        if (n >= 4 && is(b, 0, "GIF8")) return Optional.of(AssetKind.IMAGE);
        if (n >= 4 && (is(b, 0, "II*\0") || is(b, 0, "MM\0*"))) return Optional.of(AssetKind.IMAGE);
        return Optional.empty();
    }

    private static int u(byte[] b, int i) {
        return b[i] & 0xff;
    }

    private static boolean is(byte[] b, int off, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (off + i >= b.length || b[off + i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
