package org.thatdam.core.scan;

import java.util.Arrays;

/**
 * The paths a walk has seen, as 64-bit hashes (8 bytes per file, however long the paths), to find
 * afterwards which catalogued files it did not see. A hash collision can only hide a gone file
 * until the next scan; it never marks a present file missing (that is checked on disk too).
 * Filled by the walking thread only.
 */
final class SeenPaths {

    private long[] hashes = new long[1024];
    private int size;
    private boolean sorted;

    void add(String path) {
        if (size == hashes.length) hashes = Arrays.copyOf(hashes, size * 2);
        hashes[size++] = hash(path);
        sorted = false;
    }

    boolean contains(String path) {
        if (!sorted) {
            Arrays.sort(hashes, 0, size);
            sorted = true;
        }
        return Arrays.binarySearch(hashes, 0, size, hash(path)) >= 0;
    }

    /** FNV-1a over the UTF-16 units, 64 bits. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
