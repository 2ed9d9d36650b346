package org.thatdam.media.motion;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.thatdam.model.MediaInfo;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.idle.IdleDetector;
import org.thatdam.media.idle.IdleOptions;
import org.thatdam.media.probe.MediaProber;

/**
 * Speed measurement on a real clip, skipped unless {@code -Dmotion.bench=/path/to/clip.mp4} is given
 * (e.g. a 1080p30 H.264 clip of a few minutes). Prints multiples of real time.
 */
class MotionBenchTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private final FfmpegTools tools = FfmpegTools.bundled();

    @Test
    void bench() {
        String file = System.getProperty("motion.bench");
        Assumptions.assumeTrue(file != null && !file.isBlank(), "no -Dmotion.bench=<clip>");
        Path input = Path.of(file);
        MediaInfo info = new MediaProber(tools, TIMEOUT).probe(input);
        double d = info.durationSec();
        System.out.printf(Locale.ROOT, "bench %s: %dx%d %.2f fps %.1f s %.1f Mbit/s, %d cores%n", input.getFileName(),
                info.width(), info.height(), info.fps(), d, info.bitRate() / 1e6, Runtime.getRuntime().availableProcessors());
        String chain = "fps=10:start_time=0,scale=160:90:flags=area,format=gray";
        List<String> skip = List.of("-threads", "1", "-skip_frame", "bidir", "-skip_loop_filter", "all");
        time("decode floor, 1 process", d, () -> ff(skip, null, d, "-vf", chain, "-f", "rawvideo", "-y", "/dev/null"));
        time("decode floor, 2 chunks in parallel", d, () -> parallel(
                () -> ff(skip, new double[] {0, d / 2}, d, "-vf", chain, "-f", "rawvideo", "-y", "/dev/null"),
                () -> ff(skip, new double[] {d / 2, -1}, d, "-vf", chain, "-f", "rawvideo", "-y", "/dev/null")));
        time("full decode (no skipping, auto threads)", d, () -> ff(List.of(), null, d, "-f", "null", "-"));
        for (int i = 0; i < 2; i++) {
            time("MotionAnalyzer.analyze (run " + (i + 1) + ")", d, () -> {
                MotionAnalysis a = new MotionAnalyzer(tools, TIMEOUT).analyze(input, info, null, () -> false);
                System.out.println("  " + a.samples() + " samples, segments "
                        + MotionSegmenter.segments(a, MotionOptions.defaults()).size());
            });
        }
        time("MotionAnalyzer.analyze, 1 process", d,
                () -> new MotionAnalyzer(tools, TIMEOUT, 1).analyze(input, info, null, () -> false));
        time("IdleDetector.detect (defaults)", d,
                () -> new IdleDetector(tools, TIMEOUT).detect(input, info, IdleOptions.defaults(), null, () -> false));
        time("IdleDetector.detect (requireSilence)", d, () -> new IdleDetector(tools, TIMEOUT).detect(input, info,
                new IdleOptions(-50, 2, 0.25, true), null, () -> false));
        // the same scoring done by ffmpeg filters, values printed as frame metadata
        String filters = chain + ",tblend=all_mode=difference,boxblur=1:1,signalstats,"
                + "metadata=mode=print:key=lavfi.signalstats.YAVG:file='pipe\\:1'";
        time("ffmpeg-filter scoring (tblend+boxblur+signalstats at 160x90), 1 process", d,
                () -> ff(skip, null, d, "-vf", filters, "-f", "null", "-"));
        time("ffmpeg-filter scoring at full size (tblend+boxblur+signalstats on 1080p, no skipping)", d,
                () -> ff(List.of(), null, d, "-vf", "fps=10,format=gray,tblend=all_mode=difference,boxblur=1:1,signalstats,"
                        + "metadata=mode=print:key=lavfi.signalstats.YAVG:file='pipe\\:1'", "-f", "null", "-"));
    }

    private void ff(List<String> inputOpts, double[] range, double d, String... out) {
        List<String> args = new ArrayList<>(List.of("-nostdin", "-v", "error", "-nostats"));
        args.addAll(inputOpts);
        if (range != null) {
            if (range[0] > 0) args.addAll(List.of("-ss", String.valueOf(range[0])));
            if (range[1] > 0) args.addAll(List.of("-t", String.valueOf(range[1])));
        }
        args.addAll(List.of("-i", "file:" + System.getProperty("motion.bench"), "-an", "-sn", "-dn"));
        args.addAll(List.of(out));
        AtomicLong bytes = new AtomicLong();
        ProcessResult r = ToolRunner.run(tools.ffmpeg(), args, TIMEOUT, in -> {
            byte[] b = new byte[65536];
            int n;
            while ((n = in.read(b)) >= 0) bytes.addAndGet(n);
        }, null, null);
        if (!r.ok()) throw new IllegalStateException(r.errorSummary());
    }

    private static void parallel(Runnable... tasks) {
        List<Thread> threads = new ArrayList<>();
        for (Runnable t : tasks) threads.add(Thread.ofPlatform().start(t));
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static void time(String what, double durationSec, Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%-90s %6.2f s  %5.1fx real time%n", what, s, durationSec / s);
    }
}
