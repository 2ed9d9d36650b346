package org.thatdam.core.duplicates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.thatdam.catalog.FingerprintRepository.Summary;
import org.thatdam.media.fingerprint.VideoFingerprint;
import org.thatdam.media.fingerprint.VideoFingerprinter;

/** Grouping 10,000 fingerprints: the planted copies are found, and pruning leaves only a sliver of pairs to align. */
class DuplicateFinderTest {

    @Test
    void findsPlantedCopiesAmongTenThousandAndAlignsFewPairs() {
        Random rnd = new Random(18);
        Map<Long, long[]> frames = new HashMap<>();
        List<Summary> summaries = new ArrayList<>();
        long id = 1;
        List<List<Long>> planted = new ArrayList<>();
        for (int i = 0; i < 10_000; i++, id++) {
            int n = 10 + rnd.nextInt(240); // 5 s to 2 min at 2 samples a second
            long[] f = new long[n];
            for (int k = 0; k < n; k++) f[k] = rnd.nextLong() | 1;
            add(summaries, frames, id, f);
            if (i % 200 == 0) {
                // a re-encode: a few bits of each hash flipped, one sample trimmed at the start
                long[] copy = new long[n - 1];
                for (int k = 1; k < n; k++) copy[k - 1] = f[k] ^ (1L << rnd.nextInt(63) + 1) ^ (1L << rnd.nextInt(63) + 1);
                add(summaries, frames, ++id, copy);
                planted.add(List.of(id - 1, id));
            }
        }
        summaries.sort(Comparator.comparingDouble(Summary::contentSec).thenComparingLong(Summary::assetId));
        DuplicateFinder.Stats[] stats = new DuplicateFinder.Stats[1];
        long t0 = System.nanoTime();
        List<DuplicateFinder.Group> groups = DuplicateFinder.find(summaries, ids -> {
            Map<Long, long[]> out = new HashMap<>();
            ids.forEach(x -> out.put(x, frames.get(x)));
            return out;
        }, stats);
        System.out.printf("%d fingerprints grouped in %.0f ms: %s%n", summaries.size(), (System.nanoTime() - t0) / 1e6, stats[0]);
        assertThat(groups).extracting(DuplicateFinder.Group::assetIds).containsExactlyInAnyOrderElementsOf(planted);
        assertThat(groups.get(0).similarity(planted.get(0).get(0), planted.get(0).get(1))).isGreaterThan(0.9);
        long allPairs = (long) summaries.size() * (summaries.size() - 1) / 2;
        assertThat(stats[0].candidatePairs()).as("pairs left after pruning").isLessThan(allPairs / 1000);
    }

    static void add(List<Summary> summaries, Map<Long, long[]> frames, long id, long[] f) {
        frames.put(id, f);
        summaries.add(new Summary(id, id, VideoFingerprinter.ALGO, 1.0, 1.0 + f.length / VideoFingerprinter.RATE,
                VideoFingerprint.coarse(f)));
    }
}
