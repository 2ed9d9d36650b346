package org.thatdam.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;

/**
 * The shared corpus the comparisons run on: {@code videos} clips of mixed containers, codecs,
 * lengths (1..20 s) and sizes (160x90 up to 1280x720, or 1920x1080 for the full run) in
 * {@code videos/}, and {@code others} tiny non-media files (text, JSON, XMP sidecars) in
 * {@code others/} that a scan must walk past. Made with the bundled ffmpeg from lavfi sources, kept
 * in the work dir and reused while its recipe (written to {@code recipe.txt}) is unchanged.
 * Every file's mtime is an hour back, so no scan defers one as still being written.
 */
record Corpus(Path root, List<Video> videos, int others) {

    /** One clip: how it is encoded and what it is called. */
    record Video(Path file, String label, double seconds) {}

    /** Container, codecs and the ffmpeg encoder options for one family of clips. */
    private record Kind(String ext, String label, List<String> encode) {}

    /** What the bundled GPL build encodes quickly: the families people actually have on disk. */
    private static final List<Kind> KINDS = List.of(
            new Kind("mp4", "mp4 H.264/AAC", List.of("-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-b:a", "96k", "-movflags", "+faststart")),
            new Kind("mov", "mov H.264/AAC", List.of("-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-b:a", "96k")),
            new Kind("mkv", "mkv H.265/AAC", List.of("-c:v", "libx265", "-preset", "ultrafast", "-x265-params",
                    "log-level=error", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k")),
            new Kind("webm", "webm VP9/Opus", List.of("-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8",
                    "-row-mt", "1", "-b:v", "1M", "-pix_fmt", "yuv420p", "-c:a", "libopus", "-b:a", "64k")),
            new Kind("avi", "avi MPEG-4 Part 2/MP3", List.of("-c:v", "mpeg4", "-q:v", "5", "-pix_fmt", "yuv420p",
                    "-c:a", "libmp3lame", "-b:a", "128k")),
            new Kind("mpg", "mpg MPEG-2/MP2", List.of("-c:v", "mpeg2video", "-q:v", "5", "-pix_fmt", "yuv420p",
                    "-c:a", "mp2", "-b:a", "192k")));
    private static final int[][] SIZES = {{160, 90}, {320, 180}, {640, 360}, {1280, 720}, {1920, 1080}};
    private static final int[] RATES = {24, 25, 30};
    private static final String[] OTHER_EXT = {"txt", "json", "xmp"};
    private static final Duration ENCODE_TIMEOUT = Duration.ofMinutes(10);

    /** Makes (or reuses) the corpus in {@code dir}. */
    static Corpus make(FfmpegTools tools, Path dir, int videos, int others, boolean upTo1080p) throws IOException {
        List<List<String>> recipes = new ArrayList<>();
        List<Video> list = new ArrayList<>();
        int sizes = upTo1080p ? SIZES.length : SIZES.length - 1;
        for (int i = 0; i < videos; i++) {
            Kind k = KINDS.get(i % KINDS.size());
            int[] wh = SIZES[(i / KINDS.size() + i) % sizes]; // every kind meets every size
            int fps = RATES[i % RATES.length];
            int sec = 1 + (i * 7) % 20;
            String name = String.format(Locale.ROOT, "v%03d-%dx%d-%dfps-%ds.%s", i, wh[0], wh[1], fps, sec, k.ext());
            List<String> args = FfmpegArgs.ffmpeg()
                    .add("-f", "lavfi", "-i", "testsrc2=size=" + wh[0] + "x" + wh[1] + ":rate=" + fps + ":duration=" + sec,
                            "-f", "lavfi", "-i", "sine=frequency=" + (300 + 17 * i) + ":sample_rate=48000:duration=" + sec,
                            "-map", "0:v", "-map", "1:a")
                    .addAll(k.encode()).list();
            recipes.add(args);
            list.add(new Video(dir.resolve("videos").resolve(name), k.label() + " " + wh[0] + "x" + wh[1], sec));
        }
        String recipe = "videos " + videos + " others " + others + "\n"
                + recipes.stream().map(a -> String.join(" ", a)).reduce("", (a, b) -> a + b + "\n");
        Path recipeFile = dir.resolve("recipe.txt");
        boolean reuse = Files.isRegularFile(recipeFile) && Files.readString(recipeFile).equals(recipe)
                && list.stream().allMatch(v -> Files.isRegularFile(v.file()));
        if (reuse) {
            System.err.println("corpus: reusing " + dir);
            return new Corpus(dir, list, others);
        }
        long t0 = System.nanoTime();
        deleteTree(dir);
        Files.createDirectories(dir.resolve("videos"));
        FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
        for (int i = 0; i < videos; i++) {
            Path f = list.get(i).file();
            Path tmp = f.resolveSibling(".partial-" + f.getFileName());
            List<String> args = new ArrayList<>(recipes.get(i));
            args.add("-f");
            args.add(muxer(f));
            args.add("file:" + tmp.toAbsolutePath());
            ProcessResult r = ToolRunner.run(tools.ffmpeg(), args, ENCODE_TIMEOUT);
            if (!r.ok()) throw new IOException("cannot generate " + f.getFileName() + ": " + r.errorSummary());
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE);
            Files.setLastModifiedTime(f, old);
            if ((i + 1) % 10 == 0) System.err.printf(Locale.ROOT, "  corpus: %d/%d clips%n", i + 1, videos);
        }
        for (int i = 0; i < others; i++) {
            String ext = OTHER_EXT[i % OTHER_EXT.length];
            Path f = dir.resolve("others").resolve("d" + (i / 250)).resolve("note" + i + "." + ext);
            Files.createDirectories(f.getParent());
            String body = switch (ext) {
                case "json" -> "{\"id\":" + i + ",\"note\":\"take " + i + "\"}\n";
                case "xmp" -> "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF/></x:xmpmeta>\n";
                default -> "take " + i + ": keep\n";
            };
            Files.writeString(f, body, StandardCharsets.UTF_8);
            Files.setLastModifiedTime(f, old);
        }
        Files.writeString(recipeFile, recipe);
        System.err.printf(Locale.ROOT, "corpus: %d clips and %d other files made in %s (%.0f s)%n", videos, others,
                dir, (System.nanoTime() - t0) / 1e9);
        return new Corpus(dir, list, others);
    }

    /** The output's muxer, named explicitly because the temporary name hides the extension. */
    private static String muxer(Path f) {
        String name = f.getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
            case "mkv" -> "matroska";
            case "mpg" -> "mpeg";
            default -> ext;
        };
    }

    Path videoDir() {
        return root.resolve("videos");
    }

    List<Path> files() {
        return videos.stream().map(Video::file).toList();
    }

    double seconds() {
        return videos.stream().mapToDouble(Video::seconds).sum();
    }

    /** "24 clips (6 kinds, 1-20 s, 160x90..1280x720) + 500 other files". */
    String describe() {
        return videos.size() + " clips (" + Math.min(videos.size(), KINDS.size()) + " container/codec kinds) + "
                + others + " other files";
    }

    List<String> kinds() {
        return KINDS.stream().map(Kind::label).toList();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
