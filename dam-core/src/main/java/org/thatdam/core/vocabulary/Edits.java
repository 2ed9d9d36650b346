package org.thatdam.core.vocabulary;

/** Edit distance with an early exit, for "did you mean" hints on short words. */
final class Edits {

    private Edits() {}

    /** Whether {@code a} becomes {@code b} in at most {@code max} insertions, deletions or substitutions. */
    static boolean within(String a, String b, int max) {
        if (Math.abs(a.length() - b.length()) > max) return false;
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int best = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                best = Math.min(best, cur[j]);
            }
            if (best > max) return false;
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()] <= max;
    }
}
