package org.thatdam.core.duplicates;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.thatdam.catalog.FingerprintRepository.Summary;
import org.thatdam.media.fingerprint.FingerprintMatch;
import org.thatdam.media.fingerprint.VideoFingerprinter;

/**
 * Groups fingerprints whose content is the same. Comparing every pair of a large library is too
 * slow, so pairs are pruned first from the summaries alone: only contents of about the same length
 * (the summaries come sorted by it, so candidates are neighbours in a sliding window) whose coarse
 * hashes are close are aligned frame by frame. Duplicates are grouped transitively.
 */
final class DuplicateFinder {

    /** Coarse hashes of the same content differ in a few bits; unrelated ones in about 32. */
    static final int COARSE_BITS = 20;
    /** Contents whose lengths differ by more than this (seconds, or this share of the longer) are not compared. */
    static final double LENGTH_SEC = 1.5;
    static final double LENGTH_SHARE = 0.05;

    /** A group of duplicates, with the hashes that found them (to say how alike two members are). */
    record Group(List<Long> assetIds, Map<Long, long[]> frames) {
        double similarity(long a, long b) {
            if (a == b) return 1;
            return FingerprintMatch.best(frames.get(a), frames.get(b), VideoFingerprinter.RATE)
                    .map(FingerprintMatch::similarity).orElse(0.0);
        }
    }

    /** How much work a search did: what the pruning saved is what makes it fast. */
    record Stats(int fingerprints, long candidatePairs, long alignedPairs) {}

    private DuplicateFinder() {}

    static double tolerance(double longerSec) {
        return Math.max(LENGTH_SEC, LENGTH_SHARE * longerSec);
    }

    /**
     * @param summaries the fingerprints, sorted by content length
     * @param load      the hashes of the given assets
     */
    static List<Group> find(List<Summary> summaries, Function<Collection<Long>, Map<Long, long[]>> load) {
        return find(summaries, load, null);
    }

    static List<Group> find(List<Summary> summaries, Function<Collection<Long>, Map<Long, long[]>> load, Stats[] stats) {
        List<Summary> usable = summaries.stream()
                .filter(s -> s.algo().equals(VideoFingerprinter.ALGO)
                        && s.contentSec() * VideoFingerprinter.RATE >= FingerprintMatch.MIN_SAMPLES - 0.5)
                .toList();
        List<long[]> pairs = new ArrayList<>();
        for (int i = 0; i < usable.size(); i++) {
            Summary a = usable.get(i);
            for (int j = i + 1; j < usable.size(); j++) {
                Summary b = usable.get(j);
                if (b.contentSec() - a.contentSec() > tolerance(b.contentSec())) break;
                if (Long.bitCount(a.coarse() ^ b.coarse()) <= COARSE_BITS) pairs.add(new long[] {a.assetId(), b.assetId()});
            }
        }
        Set<Long> needed = new LinkedHashSet<>();
        pairs.forEach(p -> { needed.add(p[0]); needed.add(p[1]); });
        Map<Long, long[]> frames = needed.isEmpty() ? Map.of() : load.apply(needed);
        UnionFind groups = new UnionFind();
        long aligned = 0;
        for (long[] p : pairs) {
            long[] a = frames.get(p[0]), b = frames.get(p[1]);
            if (a == null || b == null || groups.same(p[0], p[1])) continue;
            aligned++;
            if (FingerprintMatch.best(a, b, VideoFingerprinter.RATE).filter(FingerprintMatch::duplicate).isPresent()) {
                groups.union(p[0], p[1]);
            }
        }
        if (stats != null) stats[0] = new Stats(usable.size(), pairs.size(), aligned);
        List<Group> out = new ArrayList<>();
        for (List<Long> members : groups.sets()) {
            Map<Long, long[]> mine = new HashMap<>();
            members.forEach(id -> mine.put(id, frames.get(id)));
            out.add(new Group(members, mine));
        }
        return out;
    }

    /** Disjoint sets of asset ids; sets() lists those of two or more, each sorted, in order of their smallest id. */
    private static final class UnionFind {
        private final Map<Long, Long> parent = new HashMap<>();

        long root(long x) {
            Long p = parent.get(x);
            if (p == null) return x;
            long r = root(p);
            if (r != p) parent.put(x, r);
            return r;
        }

        boolean same(long a, long b) {
            return root(a) == root(b);
        }

        void union(long a, long b) {
            long ra = root(a), rb = root(b);
            if (ra != rb) parent.put(Math.max(ra, rb), Math.min(ra, rb));
        }

        List<List<Long>> sets() {
            Map<Long, List<Long>> by = new TreeMap<>();
            Set<Long> all = new LinkedHashSet<>(parent.keySet());
            all.addAll(parent.values());
            for (long id : all) by.computeIfAbsent(root(id), k -> new ArrayList<>()).add(id);
            by.values().forEach(l -> l.sort(null));
            return new ArrayList<>(by.values());
        }
    }
}
