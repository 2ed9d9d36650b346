package org.thatdam.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.thatdam.storage.copy.CopyResult;
import org.thatdam.storage.copy.VerifiedCopier;

/**
 * Verified offload throughput: our copy + verify (one read of each source feeding the xxh64 hasher
 * and the writer, flushed to disk, then the copy read back and compared) against {@code cp} followed
 * by {@code xxhsum} of the copies, on the same generated files (random, not sparse) in the bench's
 * folder. The page cache cannot be dropped, so each side copies into a fresh folder and the sides
 * alternate; the median of the rounds is kept. A second row gives the peer {@code sync} before
 * hashing, the durability ours has (each copy is flushed before it is linked into place).
 */
final class OffloadBench {

    private static final int ROUNDS = 3;

    private OffloadBench() {}

    static Section run(Peers peers, Path work, boolean quick) throws Exception {
        int files = quick ? 4 : 8;
        long size = (quick ? 64L : 128L) << 20;
        Path src = work.resolve("offload-src-" + files + "x" + (size >> 20));
        List<Path> inputs = generate(src, files, size);
        long bytes = files * size;
        String what = files + " × " + (size >> 20) + " MiB";
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("files", files);
        json.put("fileMiB", size >> 20);
        List<Row> rows = new ArrayList<>();
        String measure = "offload.copy-verify vs cp+xxhsum (" + what + ")";
        String synced = "offload.copy-verify vs cp+sync+xxhsum (" + what + ")";
        if (!peers.xxhsum.present()) {
            double ours = median(rounds(() -> ours(inputs, work.resolve("offload-ours"), bytes)));
            json.put("oursMBps", ours);
            rows.add(Row.skipped(measure, ours, "MB/s", true, peers.xxhsum.skipReason()));
            return new Section(json, rows);
        }
        double[] ours = new double[ROUNDS];
        double[] peer = new double[ROUNDS];
        double[] peerSync = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            ours[i] = ours(inputs, work.resolve("offload-ours"), bytes);
            peer[i] = peer(peers, src, work.resolve("offload-peer"), bytes, false);
            peerSync[i] = peer(peers, src, work.resolve("offload-peer"), bytes, true);
        }
        json.put("oursMBps", ours);
        json.put("cpXxhsumMBps", peer);
        json.put("cpSyncXxhsumMBps", peerSync);
        String note = "median of " + ROUNDS + " alternating rounds, each into a fresh folder; ours: one read feeds xxh64 and the "
                + "write, fsync, link, read-back compare; page cache warm for both";
        rows.add(Row.compare(measure, median(ours), median(peer), "MB/s", true, note + "; the peer's copies are not flushed"));
        rows.add(Row.compare(synced, median(ours), median(peerSync), "MB/s", true, "the peer runs sync before hashing"));
        return new Section(json, rows);
    }

    private interface Round {
        double run() throws Exception;
    }

    private static double[] rounds(Round r) throws Exception {
        double[] out = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) out[i] = r.run();
        return out;
    }

    /** MB/s of our verified copy of every input into a fresh {@code dest}. */
    private static double ours(List<Path> inputs, Path dest, long bytes) throws Exception {
        delete(dest);
        Files.createDirectories(dest);
        VerifiedCopier copier = new VerifiedCopier(java.util.Set.of());
        Timed<Boolean> t = Timed.run("offload ours", () -> {
            for (Path in : inputs) {
                CopyResult r = copier.copy(in, List.of(dest.resolve(in.getFileName())), n -> { }, () -> false);
                if (!r.good()) throw new IllegalStateException("copy failed: " + r.destinations());
            }
            return true;
        });
        delete(dest);
        return Timed.round2(bytes / 1e6 / (t.ms() / 1000.0));
    }

    /** MB/s of {@code cp} of every input into a fresh {@code dest}, then {@code xxhsum -H1} of the copies. */
    private static double peer(Peers peers, Path src, Path dest, long bytes, boolean sync) throws Exception {
        delete(dest);
        Files.createDirectories(dest);
        List<String> names;
        try (Stream<Path> s = Files.list(src)) {
            names = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        List<String> cp = new ArrayList<>(List.of("cp"));
        names.forEach(n -> cp.add(src.resolve(n).toString()));
        cp.add(dest.toString());
        List<String> hash = new ArrayList<>(List.of(peers.xxhsum.exe(), "-H1"));
        names.forEach(n -> hash.add(dest.resolve(n).toString()));
        Timed<Boolean> t = Timed.run("offload peer", () -> {
            Cmd.check(cp, Duration.ofMinutes(10));
            if (sync) Cmd.check(List.of("sync"), Duration.ofMinutes(10));
            Cmd.check(hash, Duration.ofMinutes(10));
            return true;
        });
        delete(dest);
        return Timed.round2(bytes / 1e6 / (t.ms() / 1000.0));
    }

    /** Random (incompressible, not sparse) files, made once and kept in the bench's folder. */
    private static List<Path> generate(Path dir, int files, long size) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        byte[] buf = new byte[1 << 20];
        for (int i = 0; i < files; i++) {
            Path p = dir.resolve("C%04d.MXF".formatted(i));
            out.add(p);
            if (Files.isRegularFile(p) && Files.size(p) == size) continue;
            SplittableRandom random = new SplittableRandom(1000 + i);
            try (OutputStream o = Files.newOutputStream(p)) {
                for (long done = 0; done < size; done += buf.length) {
                    for (int j = 0; j < buf.length; j += 8) {
                        long v = random.nextLong();
                        for (int k = 0; k < 8; k++) buf[j + k] = (byte) (v >>> (k * 8));
                    }
                    o.write(buf, 0, (int) Math.min(buf.length, size - done));
                }
            }
        }
        return out;
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** Runs this section alone: {@code OffloadBench WORK_DIR [quick]}. */
    public static void main(String[] args) throws Exception {
        Section s = run(new Peers(), Path.of(args[0]).toAbsolutePath(), args.length > 1 && args[1].equals("quick"));
        System.out.print(Table.render(s.rows()));
        System.out.println(org.thatdam.core.json.Json.mapper().writeValueAsString(s.json()));
    }
}
