package org.thatdam.media.console;

import java.util.List;
import java.util.regex.Pattern;
import org.thatdam.model.DamException;

/**
 * What the console runs: ffmpeg (or, for the probe preset, ffprobe) arguments with the
 * placeholders {@code {{input}}} and {@code {{output.EXT}}} still in them. Never a shell string.
 *
 * @param overlay a text the runner draws into a PNG and passes as the second input where the
 *                tokens say {@code -i {{overlay}}} (the watermark preset); null for none. Only
 *                presets make such commands: {@link #custom} never has one, and the policy refuses
 *                {@code {{overlay}}} in a user's list.
 */
public record ConsoleCommand(boolean probe, List<String> tokens, TextOverlay overlay) {

    public ConsoleCommand {
        tokens = List.copyOf(tokens);
        if (probe && overlay != null) {
            throw DamException.invalid("a probe takes no overlay");
        }
    }

    /** A command without an overlay. */
    public ConsoleCommand(boolean probe, List<String> tokens) {
        this(probe, tokens, null);
    }

    /** A user's own ffmpeg arguments; throws {@link RejectedArgumentException} unless {@link ArgumentPolicy} allows them. */
    public static ConsoleCommand custom(List<String> tokens) {
        ArgumentPolicy.check(tokens);
        return new ConsoleCommand(false, tokens);
    }

    public String tool() {
        return probe ? "ffprobe" : "ffmpeg";
    }

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:@%+=,{}-]+");

    /**
     * One readable line for run history, e.g. {@code ffmpeg -i {{input}} -vf 'scale=640:-2' {{output.mp4}}}:
     * tokens with spaces, quotes or other special characters in single quotes (POSIX style, so
     * the line can be pasted into a shell after replacing the placeholders); control characters shown as {@code \\uXXXX}.
     */
    public String display() {
        StringBuilder b = new StringBuilder(tool());
        for (String t : tokens) {
            b.append(' ');
            if (!t.isEmpty() && PLAIN.matcher(t).matches()) {
                b.append(t);
            } else {
                b.append('\'').append(visible(t).replace("'", "'\\''")).append('\'');
            }
        }
        return b.toString();
    }

    private static String visible(String t) {
        StringBuilder b = new StringBuilder(t.length());
        for (char c : t.toCharArray()) {
            b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}
