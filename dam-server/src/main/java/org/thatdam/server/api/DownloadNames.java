package org.thatdam.server.api;

import java.nio.file.Path;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.core.process.ConsoleService;
import org.thatdam.model.Derivative;
import org.thatdam.storage.FileNames;

/**
 * The names files are downloaded under: the asset's name, what the file is, its extension
 * ({@code vtest.proxy.mp4}, {@code vtest.poster.jpg}, a console output {@code vtest.gif.gif}), and the
 * original under its own name. Every name is {@link #safe}: one file name, never a path, without
 * control, format or quote characters, whatever the file or title it comes from holds.
 */
public final class DownloadNames {

    /** Longest asset part of a name, in code points (file systems take 255 bytes). */
    private static final int MAX_BASE = 120;

    private final String base;

    private DownloadNames(String base) {
        this.base = base;
    }

    /** The names of {@code d}'s files: its title, or "asset-ID" when it has none. */
    public static DownloadNames of(AssetDetails d) {
        String title = d.asset().title();
        String base = safe(title == null || title.isBlank() ? "asset-" + d.asset().id() : title);
        if (base.codePointCount(0, base.length()) > MAX_BASE) base = base.substring(0, base.offsetByCodePoints(0, MAX_BASE)).strip();
        return new DownloadNames(base);
    }

    /** A derivative's name: "vtest.poster.jpg" for the large poster, "vtest.proxy.mp4", "vtest.gif-2.gif" for a console run's second output. */
    public String derivative(Derivative dv, Path file) {
        return base + "." + what(dv) + extension(file);
    }

    /** Sheet {@code n} of the trickplay sprites: "vtest.sprite-0.jpg". */
    public String spriteSheet(int n) {
        return base + ".sprite-" + n + ".jpg";
    }

    /** An original file's own name, made safe. */
    public static String original(Path file) {
        return safe(FileNames.displayName(file));
    }

    /** What a derivative is, as the middle of its name. */
    private static String what(Derivative dv) {
        String kind = dv.kind();
        if (kind.equals("poster-large")) return "poster";
        if (kind.startsWith("ffmpeg-")) {
            // ffmpeg-RUN is a run's only output, ffmpeg-RUN-N its Nth
            String[] parts = kind.split("-");
            String preset = ConsoleService.presetOf(dv.detail()).map(DownloadNames::safe).orElse("ffmpeg");
            return parts.length > 2 ? preset + "-" + parts[2] : preset;
        }
        return kind;
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        return ext.matches("[A-Za-z0-9]{1,10}") ? "." + ext : "";
    }

    /**
     * One file name from any text: path separators, characters Windows refuses, quotes, control and
     * invisible format characters (a right-to-left override turning "gpj.exe" around) become "_";
     * runs of white space one space; leading dots and spaces go (no hidden file, no "..").
     */
    public static String safe(String name) {
        StringBuilder b = new StringBuilder(name.length());
        boolean space = false;
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = true;
                continue;
            }
            if (space && !b.isEmpty()) b.append(' ');
            space = false;
            int type = Character.getType(c);
            boolean bad = c < 0x20 || c == 0x7F || "/\\\":*?<>|".indexOf(c) >= 0 || type == Character.CONTROL
                    || type == Character.FORMAT || type == Character.SURROGATE || type == Character.PRIVATE_USE
                    || type == Character.UNASSIGNED || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
            b.appendCodePoint(bad ? '_' : c);
        }
        int start = 0;
        while (start < b.length() && b.charAt(start) == '.') start++;
        String out = b.substring(start).strip();
        return out.isEmpty() ? "download" : out;
    }
}
