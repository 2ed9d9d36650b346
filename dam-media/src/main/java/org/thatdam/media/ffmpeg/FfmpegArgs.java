package org.thatdam.media.ffmpeg;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The one place the arguments of every ffmpeg and ffprobe run start from:
 * <ul>
 *   <li>no banner, and only errors on stderr, so that its tail is the cause {@link FfmpegFailure}
 *       turns into a sentence (the console keeps the tool's default level: detection filters
 *       report at "info");</li>
 *   <li>ffmpeg only: no stdin (it would wait for a key press), no stats line (printed to stderr
 *       whatever the log level), and overwrite, since every output is a temporary file of ours;</li>
 *   <li>{@code -progress pipe:1} where the caller follows progress;</li>
 *   <li>a user's file only through {@link MediaInput} (allow-listed formats and protocol, this
 *       file only), an output only as {@code file:/abs} so no name is read as an option or protocol.</li>
 * </ul>
 * The base options come first whatever is added later; {@link #list()} is a fresh mutable list.
 */
public final class FfmpegArgs {

    /** The log level of our own runs. */
    public static final String LOG_LEVEL = "error";

    private final boolean ffmpeg;
    private String logLevel = LOG_LEVEL;
    private boolean progress;
    private final List<String> rest = new ArrayList<>();

    private FfmpegArgs(boolean ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /** {@code -nostdin -hide_banner -loglevel error -nostats -y}. */
    public static FfmpegArgs ffmpeg() {
        return new FfmpegArgs(true);
    }

    /** {@code -hide_banner -loglevel error} (ffprobe reads no stdin and writes no files). */
    public static FfmpegArgs ffprobe() {
        return new FfmpegArgs(false);
    }

    /** Another log level; {@code null} leaves the tool's default (where the user reads stderr). */
    public FfmpegArgs logLevel(String level) {
        this.logLevel = level;
        return this;
    }

    /** {@code -progress pipe:1}: key=value progress lines on stdout (see FfmpegProgress). */
    public FfmpegArgs progress() {
        if (!ffmpeg) {
            throw new UnsupportedOperationException("ffprobe reports no progress");
        }
        this.progress = true;
        return this;
    }

    /** Opens a user's file as {@link MediaInput#args} does; input options such as -ss go before. */
    public FfmpegArgs input(Path file) {
        rest.addAll(MediaInput.args(file));
        return this;
    }

    /** An output file of ours, as {@link #file}. */
    public FfmpegArgs output(Path file) {
        rest.add(file(file));
        return this;
    }

    public FfmpegArgs add(String... args) {
        rest.addAll(List.of(args));
        return this;
    }

    public FfmpegArgs addAll(Collection<String> args) {
        rest.addAll(args);
        return this;
    }

    /** The base options and everything added, as a new mutable list. */
    public List<String> list() {
        List<String> out = new ArrayList<>(rest.size() + 10);
        if (ffmpeg) {
            out.add("-nostdin");
        }
        out.add("-hide_banner");
        if (logLevel != null) {
            out.addAll(List.of("-loglevel", logLevel));
        }
        if (ffmpeg) {
            out.addAll(List.of("-nostats", "-y"));
        }
        if (progress) {
            out.addAll(List.of("-progress", "pipe:1"));
        }
        out.addAll(rest);
        return out;
    }

    /**
     * An output of ours as an argument: "file:" stops a crafted name ("-i x.mp4", "concat:a|b")
     * being taken as an option or a protocol. Inputs go through {@link MediaInput}.
     */
    public static String file(Path p) {
        return "file:" + p.toAbsolutePath();
    }

    /** A number for an argument or a filter graph: plain decimal, never exponent notation. */
    public static String num(double v) {
        return new BigDecimal(v).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
