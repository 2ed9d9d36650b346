package org.thatdam.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.thatdam.core.access.PasswordHasher;

/**
 * What a login costs: one Argon2id hash with the library's parameters, ours (Bouncy Castle, in the
 * JVM) against the reference implementation's {@code argon2} tool with the same parameters, which
 * reports its own hashing time (so its process start is not counted). Medians of a few runs, after
 * a warm-up.
 */
final class LoginBench {

    private static final int RUNS = 9;
    private static final Pattern SECONDS = Pattern.compile("([0-9.]+) seconds");

    private LoginBench() {}

    static Section run(Peers peers, Path work) throws Exception {
        PasswordHasher hasher = new PasswordHasher();
        PasswordHasher.Params p = hasher.params();
        String password = "correct horse battery staple";
        for (int i = 0; i < 3; i++) hasher.hash(password); // JIT
        double[] ours = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            hasher.hash(password);
            ours[i] = (System.nanoTime() - t) / 1e6;
        }
        double oursMs = median(ours);
        String params = String.format(Locale.ROOT, "Argon2id m=%d MiB, t=%d, p=%d", p.memoryKiB() / 1024, p.iterations(), p.parallelism());
        String measure = "password hash (" + params + "): dam vs argon2";
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("params", params);
        json.put("oursMs", ours);
        List<Row> rows = new ArrayList<>();
        if (!peers.argon2.present()) {
            rows.add(Row.skipped(measure, oursMs, "ms", false, peers.argon2.skipReason()));
            return new Section(json, rows);
        }
        Path input = work.resolve("password.txt");
        Files.writeString(input, password, StandardCharsets.UTF_8);
        int log2KiB = Integer.numberOfTrailingZeros(p.memoryKiB());
        List<String> args = List.of(peers.argon2.exe(), "somesalt16bytes!", "-id", "-t", String.valueOf(p.iterations()),
                "-m", String.valueOf(log2KiB), "-p", String.valueOf(p.parallelism()), "-l", "32");
        double[] peer = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            Matcher m = SECONDS.matcher(Cmd.check(args, input, Duration.ofSeconds(60)).text());
            if (!m.find()) throw new IllegalStateException("argon2 did not report its time");
            peer[i] = Double.parseDouble(m.group(1)) * 1000;
        }
        json.put("peerMs", peer);
        rows.add(Row.compare(measure, oursMs, median(peer), "ms", false,
                "median of " + RUNS + "; ours in the JVM (Bouncy Castle), the peer's own timing of its hash (C reference code)"));
        return new Section(json, rows);
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
