package org.thatdam.media.ffmpeg;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.thatdam.media.MediaException;

/**
 * The one translation of how an ffmpeg or ffprobe run failed into a sentence for the user: the
 * cause from the tail of stderr without ffmpeg's repetitions and listings, the allow-list's refusal
 * said plainly, a missing stream named instead of our own map option quoted back, a death by
 * signal or a bare exit code said in words, the input named by its file name rather than its
 * path; and the messages of runs stopped for time or memory.
 */
public final class FfmpegFailure {

    /** The most a cause may be: it ends up in one line of a job, a response or a terminal. */
    static final int MAX_LENGTH = 300;

    private FfmpegFailure() {}

    /** "{@code what}: cause", e.g. "cannot make a poster: moov atom not found; Error opening input: …". */
    public static MediaException of(String what, ProcessResult r, Path input) {
        return new MediaException(what + ": " + cause(r, input));
    }

    /** The cause of a failed run in a line, the input named by its file name. */
    public static String cause(ProcessResult r, Path input) {
        String s = summary(r.stderrTail(), r.exitCode());
        // ffmpeg says this by quoting our filter graph or map option back: say what it means instead.
        if (s.contains("matches no streams") || s.contains("for option 'map'")) {
            if (s.contains(":V:0") || s.contains(":v:0")) {
                s = "the file has no video stream";
            } else if (s.contains(":a:0")) {
                s = "the file has no audio stream";
            } else {
                Matcher m = MAP_VALUE.matcher(s);
                if (m.find()) {
                    s = "no stream of the file matches -map " + m.group(1);
                }
            }
        }
        s = input == null ? s.strip() : FileArg.clean(s, input).strip();
        return s.isEmpty() ? "unknown ffmpeg error" : s;
    }

    /**
     * The cause in a line: the last few distinct lines of stderr without ffmpeg's
     * {@code [demuxer @ 0x…]} prefixes, without the generic lines ffmpeg 7 repeats after every
     * failure ("Task finished with error code", "Nothing was written into output file", …) and
     * without what it lists at its default log level (streams, metadata), joined with "; "; a
     * death by signal said first. Empty for a run that ended well and said nothing.
     */
    public static String summary(String stderrTail, int exitCode) {
        String refused = MediaInput.explain(stderrTail);
        if (!refused.equals(stderrTail)) {
            return refused; // the format allow-list said no: the lines after it only repeat "Invalid argument"
        }
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (String line : stderrTail.split("\\R")) {
            if (line.isEmpty() || Character.isWhitespace(line.charAt(0)) || LISTING.matcher(line).find()) {
                continue; // indented stream and metadata listings, "Input #0" headers
            }
            String l = PREFIXES.matcher(line).replaceFirst("").strip();
            if (!l.isEmpty() && !GENERIC.matcher(l).find()) {
                distinct.remove(l);
                distinct.add(l);
            }
        }
        String said = String.join("; ", lastSaying(new ArrayList<>(distinct), 3));
        String signal = signal(exitCode);
        String s;
        if (signal != null) {
            s = signal + (said.isBlank() ? "" : "; " + said);
        } else if (said.isBlank()) {
            s = exitCode == 0 ? "" : exited(exitCode);
        } else {
            s = said;
        }
        return s.length() > MAX_LENGTH ? s.substring(0, MAX_LENGTH - 3) + "..." : s;
    }

    /**
     * The last {@code n} lines, those that state an error preferred: ffmpeg follows a cause with
     * hints and consequences ("To ignore this, add a trailing '?'…") that would push it out.
     */
    static List<String> lastSaying(List<String> lines, int n) {
        if (lines.size() <= n) {
            return lines;
        }
        long stating = lines.stream().filter(l -> STATES_ERROR.matcher(l).find()).count();
        long othersWanted = Math.max(0, n - stating);
        List<String> kept = new ArrayList<>();
        for (int i = lines.size() - 1; i >= 0 && kept.size() < n; i--) {
            String l = lines.get(i);
            if (STATES_ERROR.matcher(l).find()) {
                kept.addFirst(l);
            } else if (othersWanted > 0) {
                othersWanted--;
                kept.addFirst(l);
            }
        }
        return kept;
    }

    /** The message of a run stopped at its time limit. */
    public static String timedOut(String tool, Duration timeout) {
        return tool + " did not finish within " + timeout.toSeconds() + " s and was stopped";
    }

    /** The message of a run stopped at its memory ceiling. */
    public static String overMemory(String tool, long limitBytes) {
        return tool + " used more than " + limitBytes / (1024 * 1024) + " MiB of memory and was stopped";
    }

    /**
     * A death by signal in words, or null. The JDK reports one as 128 + the signal's number; ffmpeg's
     * own codes (an error's negative value, modulo 256) do not use these for the errors it returns.
     */
    static String signal(int exitCode) {
        return switch (exitCode) {
            case 128 + 4 -> "crashed (SIGILL: an illegal instruction)";
            case 128 + 6 -> "crashed (SIGABRT: it aborted)";
            case 128 + 7 -> "crashed (SIGBUS: a bad memory access)";
            case 128 + 8 -> "crashed (SIGFPE: an arithmetic error)";
            case 128 + 9 -> "was killed (SIGKILL; the system may have run out of memory)";
            case 128 + 11 -> "crashed (SIGSEGV: a bad memory access)";
            case 128 + 15 -> "was stopped (SIGTERM)";
            default -> null;
        };
    }

    /** ffmpeg 7 exits with its error's code modulo 256: named where it says nothing itself. */
    static String exited(int exitCode) {
        String meaning = EXIT_CODES.get(exitCode);
        return "exited with code " + exitCode + (meaning == null ? "" : " (" + meaning + ")");
    }

    private static final Map<Integer, String> EXIT_CODES = Map.of(
            183, "invalid data found when processing input",
            8, "encoder not found",
            234, "invalid argument",
            244, "out of memory",
            228, "no space left on device",
            243, "permission denied",
            254, "no such file or directory",
            251, "input/output error");

    /** "[in#0/mov,mp4 @ 0x55…] [dec:h264 @ 0x55…] " at the start of a line. */
    private static final Pattern PREFIXES = Pattern.compile("^(\\[[^\\]]*\\]\\s*)+");
    private static final Pattern GENERIC = Pattern.compile(
            "Task finished with error code|Terminating thread with return code|Nothing was written into output file"
                    + "|Could not open encoder before EOF|Error while opening encoder - maybe incorrect parameters"
                    + "|Error sending frames to consumers|^Conversion failed|Error while filtering: "
                    + "|Error opening output files?: |Error parsing global options|^Last message repeated \\d+ times"
                    // the same cause again, once per level: "Error opening input: X" stays
                    + "|^Error opening input files?[ :]|^Error opening output file ");
    /** ffmpeg's words for a map option that selects nothing; it names the stream as an empty ''. */
    private static final Pattern MAP_VALUE = Pattern.compile("Failed to set value '([^']*)' for option 'map'");
    /** Lines that state what went wrong, as opposed to hints and listings. */
    private static final Pattern STATES_ERROR = Pattern.compile(
            "matches no streams|Invalid|No such|not found|[Ee]rror|Unknown|Cannot|[Ff]ailed|[Uu]nsupported");
    /** What ffmpeg prints at its default log level before it fails, which would crowd out the error. */
    private static final Pattern LISTING = Pattern.compile(
            "^(Input|Output) #\\d|^Stream mapping:|^Press \\[q]|^\\[[^]]*] (Stream|Metadata|Duration|Side data)");
}
