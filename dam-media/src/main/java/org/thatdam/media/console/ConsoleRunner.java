package org.thatdam.media.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.thatdam.media.MediaException;
import org.thatdam.media.derive.FfmpegProgress;
import org.thatdam.media.derive.ProgressListener;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.FileArg;
import org.thatdam.media.ffmpeg.MediaInput;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;

/**
 * Runs a {@link ConsoleCommand} on one file into an empty work directory.
 *
 * <p>The policy is checked again here (a command is a plain record anyone can build). The
 * placeholders become {@code file:} paths (so no name is ever read as a protocol): {@code -i {{input}}}
 * the input, opened as {@link MediaInput} opens every user file (this file only, never what it names), {@code {{output.mp4}}} the file {@code output.mp4} in the work directory, which is also
 * the tool's working directory. Every output gets {@code -fs} (ffmpeg stops writing it at the
 * limit), and a watcher measures the directory while the tool runs (bytes on disk and number of
 * files, {@link OutputUsage}) and stops it beyond either limit, the time limit or on cancel; the
 * tool's resident memory is watched by {@link ToolRunner} against {@link ConsoleLimits#maxMemoryBytes()}. Anything but {@link ConsoleEnding#OK} leaves the work directory empty
 * again: it was empty before, so whatever is in it was written by this run.
 *
 * <p>A command with a {@link TextOverlay} (the watermark preset) gets its picture drawn here into
 * a temporary PNG outside the work directory, passed as {@code -f png_pipe -i file:…} where the
 * tokens say {@code -i {{overlay}}}, and deleted when the run ends however it ends; it is neither
 * an output nor counted against the output limit.
 */
public final class ConsoleRunner {

    /** The file a probe writes ffprobe's JSON to. */
    public static final String PROBE_FILE = "probe.json";
    /** Beyond the run's own time limit, for ToolRunner's last-resort timeout. */
    private static final Duration BACKSTOP = Duration.ofSeconds(30);

    private final FfmpegTools tools;
    /** Where a watermark's picture lives while its run lasts (never the run's own folder: it is no output). */
    private final Path scratch;

    public ConsoleRunner(FfmpegTools tools) {
        this(tools, Path.of(System.getProperty("java.io.tmpdir")));
    }

    public ConsoleRunner(FfmpegTools tools, Path scratch) {
        this.tools = Objects.requireNonNull(tools, "tools");
        this.scratch = Objects.requireNonNull(scratch, "scratch");
    }

    /**
     * @param inputDurationSec the input's duration for progress fractions; 0 when unknown (then only the end is reported)
     * @param workDir          an existing, empty directory for the outputs
     * @param progress         may be null
     * @param cancelled        may be null; polled about every 100 ms
     * @return the outcome; {@link ConsoleEnding#FAILED} without running ffmpeg when the command's
     *         overlay cannot be drawn (no usable font, say)
     * @throws RejectedArgumentException when the command breaks the policy
     * @throws MediaException            when the input or the work directory is not usable (nothing was run)
     */
    public ConsoleOutcome run(ConsoleCommand cmd, Path input, double inputDurationSec, Path workDir,
                              ConsoleLimits limits, ProgressListener progress, BooleanSupplier cancelled) {
        Objects.requireNonNull(cmd, "cmd");
        Objects.requireNonNull(limits, "limits");
        if (cmd.probe()) {
            ArgumentPolicy.checkProbe(cmd.tokens());
        } else {
            ArgumentPolicy.check(cmd.tokens(), cmd.overlay() != null);
        }
        if (input == null || !Files.isRegularFile(input) || !Files.isReadable(input)) {
            throw new MediaException("cannot read the input " + (input == null ? "(none)" : input.getFileName())
                    + ": no such file");
        }
        checkNotAReferenceList(input);
        Path dir = checkWorkDir(workDir);
        long start = System.nanoTime();
        Path picture = null;
        try {
            if (cmd.overlay() != null) {
                try {
                    picture = Files.createTempFile(scratch, "dam-console-overlay-", ".png");
                    cmd.overlay().writePng(picture);
                } catch (IOException | MediaException e) {
                    return new ConsoleOutcome(ConsoleEnding.FAILED, -1, since(start), List.of(), "",
                            e instanceof MediaException ? e.getMessage()
                                    : "cannot write the watermark picture: " + e.getMessage());
                }
            }
            return execute(cmd, input, inputDurationSec, dir, limits, progress, cancelled, picture, start);
        } finally {
            if (picture != null) {
                try {
                    Files.deleteIfExists(picture);
                } catch (IOException e) {
                    picture.toFile().deleteOnExit(); // a few KiB in the temp directory: try again at exit
                }
            }
        }
    }

    private ConsoleOutcome execute(ConsoleCommand cmd, Path input, double inputDurationSec, Path dir,
                                   ConsoleLimits limits, ProgressListener progress, BooleanSupplier cancelled,
                                   Path picture, long start) {
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        Watch watch = new Watch(dir, limits, cancelled);
        ProcessResult r;
        try {
            if (cmd.probe()) {
                Path json = dir.resolve(PROBE_FILE);
                // the tools' default log level here: the user reads stderr (detection filters report there)
                List<String> args = FfmpegArgs.ffprobe().logLevel(null)
                        .addAll(substitute(cmd.tokens(), input, null, dir, limits, false)).list();
                r = ToolRunner.run(tools.ffprobe(), args,
                        limits.maxTime().plus(BACKSTOP), out -> save(out, json, limits.maxOutputBytes(), watch),
                        watch, dir, limits.maxMemoryBytes());
            } else {
                FfmpegProgress fp = new FfmpegProgress(inputDurationSec, listener);
                List<String> args = FfmpegArgs.ffmpeg().logLevel(null).progress()
                        .addAll(substitute(cmd.tokens(), input, picture, dir, limits, true)).list();
                r = ToolRunner.run(tools.ffmpeg(), args, limits.maxTime().plus(BACKSTOP), out -> lines(out, fp),
                        watch, dir, limits.maxMemoryBytes());
            }
        } catch (ToolRunner.CancelledException e) {
            watch.stop(ConsoleEnding.CANCELLED, null);
            return stopped(watch, dir, limits, start);
        } catch (ToolRunner.MemoryLimitException e) {
            watch.stop(ConsoleEnding.MEMORY_LIMIT, null);
            return stopped(watch, dir, limits, start);
        } catch (MediaException e) {
            if (watch.ending() != null) { // the probe's reader gave up at the limit, or the backstop struck
                return stopped(watch, dir, limits, start);
            }
            clear(dir);
            return new ConsoleOutcome(ConsoleEnding.FAILED, -1, since(start), List.of(), "",
                    clean(e.getMessage(), input, picture, dir));
        }
        Duration elapsed = since(start);
        if (watch.ending() == null) {
            watch.check(OutputUsage.of(dir), true); // ffmpeg's -fs ends an output quietly, with exit code 0
        }
        if (watch.ending() != null) {
            clear(dir);
            return new ConsoleOutcome(watch.ending(), r.exitCode(), elapsed, List.of(), r.stderrTail(),
                    watch.message(limits));
        }
        if (!r.ok()) {
            clear(dir);
            return new ConsoleOutcome(ConsoleEnding.FAILED, r.exitCode(), elapsed, List.of(), r.stderrTail(),
                    cmd.tool() + " failed: " + clean(r.errorSummary(), input, picture, dir));
        }
        if (cmd.probe()) {
            listener.progress(1.0);
        }
        List<Path> outputs = files(dir);
        return new ConsoleOutcome(ConsoleEnding.OK, 0, elapsed, outputs, r.stderrTail(), written(outputs));
    }

    /**
     * The tokens with placeholders replaced, and for ffmpeg {@code -fs} in front of each output.
     * {@code picture}, the overlay's PNG, is read as {@code png_pipe}: one picture whatever its name.
     */
    private static List<String> substitute(List<String> tokens, Path input, Path picture, Path dir,
                                           ConsoleLimits limits, boolean ffmpeg) {
        List<String> out = new ArrayList<>(tokens.size() + 8);
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            var m = ArgumentPolicy.OUTPUT.matcher(t);
            if (t.equals("-i") && i + 1 < tokens.size() && tokens.get(i + 1).equals(ArgumentPolicy.INPUT)) {
                out.addAll(MediaInput.args(input)); // this file only: allowed formats, file protocol, "-i file:…"
                i++;
            } else if (t.equals(ArgumentPolicy.INPUT)) {
                out.addAll(MediaInput.args(input)); // ffprobe's probe ends with the bare placeholder
            } else if (t.equals(ArgumentPolicy.OVERLAY)) {
                // the policy has made sure it only follows -i, and only when the command has an overlay
                out.add("file:" + Objects.requireNonNull(picture, "picture").toAbsolutePath());
            } else if (t.equals("-i") && i + 1 < tokens.size() && tokens.get(i + 1).equals(ArgumentPolicy.OVERLAY)) {
                out.addAll(List.of("-f", "png_pipe", "-protocol_whitelist", "file", "-i"));
            } else if (m.matches() && ffmpeg) {
                // the policy has made sure a placeholder is never an option's value
                out.add("-fs");
                out.add(String.valueOf(limits.maxOutputBytes()));
                out.add("file:" + dir.resolve(m.group(1)));
            } else {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * Refuses an input whose content is text (a playlist, manifest or concat list, judged by its
     * bytes as {@link MediaInput} does, not by its name): ffmpeg would read the files it lists, which
     * the policy cannot see. {@link MediaInput#args} refuses it too; this says so before any run.
     */
    static void checkNotAReferenceList(Path input) {
        try {
            MediaInput.checkNotText(input);
        } catch (MediaInput.NotMediaException e) {
            throw new MediaException("the input " + input.getFileName() + " is not a media file: it is " + e.kind()
                    + "; the console only runs on media files", e);
        }
    }

    private static Path checkWorkDir(Path workDir) {
        if (workDir == null || !Files.isDirectory(workDir)) {
            throw new MediaException("the work directory " + workDir + " does not exist");
        }
        try (Stream<Path> s = Files.list(workDir)) {
            if (s.findAny().isPresent()) {
                throw new MediaException("the work directory " + workDir + " is not empty; a console run "
                        + "needs an empty one (whatever is in it is removed when the run fails)");
            }
        } catch (IOException e) {
            throw new MediaException("cannot read the work directory " + workDir + ": " + e.getMessage(), e);
        }
        return workDir.toAbsolutePath().normalize();
    }

    /** Feeds {@code -progress pipe:1} lines to the parser. */
    private static void lines(InputStream in, FfmpegProgress fp) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            fp.accept(line);
        }
    }

    /** Copies ffprobe's stdout to the file, stopping at the limit. */
    private static void save(InputStream in, Path file, long max, Watch watch) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
                if (total > max) {
                    watch.stop(ConsoleEnding.OUTPUT_LIMIT, null);
                    throw new IOException("more than " + max + " bytes");
                }
                out.write(buf, 0, n);
            }
        }
    }

    private ConsoleOutcome stopped(Watch watch, Path dir, ConsoleLimits limits, long start) {
        clear(dir);
        return new ConsoleOutcome(watch.ending(), -1, since(start), List.of(), "", watch.message(limits));
    }

    private static String stopMessage(ConsoleEnding ending, ConsoleLimits limits) {
        return switch (ending) {
            case TIMED_OUT -> "stopped after the time limit of " + human(limits.maxTime());
            case OUTPUT_LIMIT -> "stopped: the output grew beyond the limit of " + bytes(limits.maxOutputBytes());
            case MEMORY_LIMIT -> "stopped: the run used more than " + limits.maxMemoryBytes() / (1024 * 1024)
                    + " MiB of memory (console.max-memory-mb)";
            case CANCELLED -> "cancelled";
            default -> ending.name();
        };
    }

    /** The failure without the sandbox's absolute paths, which mean nothing to the user. */
    private static String clean(String message, Path input, Path picture, Path dir) {
        String s = message;
        if (picture != null) {
            String pic = picture.toAbsolutePath().toString();
            s = s.replace("file:" + pic, ArgumentPolicy.OVERLAY).replace(pic, ArgumentPolicy.OVERLAY);
        }
        s = s.replace("file:" + dir + "/", "").replace(dir + "/", "").replace(dir.toString(), ".");
        s = FileArg.clean(s, input);
        return s.isBlank() ? "unknown error" : s.strip();
    }

    private static String written(List<Path> outputs) {
        if (outputs.isEmpty()) {
            return "finished; no files written";
        }
        long total = outputs.stream().mapToLong(ConsoleRunner::sizeOf).sum();
        if (outputs.size() <= 3) {
            return "wrote " + String.join(", ", outputs.stream().map(p -> p.getFileName() + " ("
                    + bytes(sizeOf(p)) + ")").toList());
        }
        return "wrote " + outputs.size() + " files (" + bytes(total) + ")";
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new MediaException("cannot list the work directory: " + e.getMessage(), e);
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Removes everything in the directory, keeping the directory. */
    private static void clear(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new MediaException("cannot clean the work directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static String human(Duration d) {
        return d.toSeconds() >= 60 && d.toSecondsPart() == 0 ? d.toMinutes() + " min"
                : d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String bytes(long n) {
        if (n < 1024) return n + " B";
        if (n < 1024 * 1024) return String.format(java.util.Locale.ROOT, "%.1f KiB", n / 1024.0);
        if (n < 1024L * 1024 * 1024) return String.format(java.util.Locale.ROOT, "%.1f MiB", n / 1048576.0);
        return String.format(java.util.Locale.ROOT, "%.2f GiB", n / 1073741824.0);
    }

    /**
     * The cancel signal ToolRunner polls: the caller's cancel, the time limit and the disk use and
     * file count of the work directory. Remembers which one stopped the run, and why.
     */
    private static final class Watch implements BooleanSupplier {
        private final Path dir;
        private final long deadline;
        private final ConsoleLimits limits;
        private final BooleanSupplier cancelled;
        private volatile ConsoleEnding ending;
        private volatile String message;

        Watch(Path dir, ConsoleLimits limits, BooleanSupplier cancelled) {
            this.dir = dir;
            this.deadline = System.nanoTime() + limits.maxTime().toNanos();
            this.limits = limits;
            this.cancelled = cancelled;
        }

        @Override
        public boolean getAsBoolean() {
            if (ending != null) {
                return true;
            }
            if (cancelled != null && cancelled.getAsBoolean()) {
                stop(ConsoleEnding.CANCELLED, null);
            } else if (System.nanoTime() > deadline) {
                stop(ConsoleEnding.TIMED_OUT, null);
            } else {
                check(OutputUsage.of(dir), false);
            }
            return ending != null;
        }

        /** Stops on the output limits; {@code atEnd}: an output exactly at the byte limit was cut by {@code -fs}. */
        void check(OutputUsage usage, boolean atEnd) {
            long max = limits.maxOutputBytes();
            if (atEnd ? usage.bytes() >= max : usage.bytes() > max) {
                stop(ConsoleEnding.OUTPUT_LIMIT, null);
            } else if (usage.files() > limits.maxOutputFiles()) {
                stop(ConsoleEnding.OUTPUT_LIMIT, "stopped: the run wrote more than " + limits.maxOutputFiles()
                        + " files (console.max-output-files)");
            }
        }

        /** The first reason wins; {@code why} null: the ending's usual message. */
        synchronized void stop(ConsoleEnding e, String why) {
            if (ending == null) {
                message = why;
                ending = e;
            }
        }

        ConsoleEnding ending() {
            return ending;
        }

        String message(ConsoleLimits limits) {
            return message != null ? message : stopMessage(ending, limits);
        }
    }
}
