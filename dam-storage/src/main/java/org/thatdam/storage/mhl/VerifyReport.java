package org.thatdam.storage.mhl;

import java.util.List;

/**
 * What a verification against an ASC MHL history found. {@code unchecked} lists recorded files
 * that carry only hash formats this program does not compute (xxh3, xxh128): neither confirmed nor denied.
 */
public record VerifyReport(int checked, long bytes, List<String> missing, List<Mismatch> changed, List<String> added,
                           List<String> unchecked) {

    /** A file whose content is not what the history recorded; {@code actual} says why when it could not be read. */
    public record Mismatch(String path, HashFormat format, String expected, String actual) {}

    public VerifyReport {
        missing = List.copyOf(missing);
        changed = List.copyOf(changed);
        added = List.copyOf(added);
        unchecked = List.copyOf(unchecked);
    }

    /** Whether every recorded file is there with the recorded content (new files do not count against it). */
    public boolean ok() {
        return missing.isEmpty() && changed.isEmpty() && unchecked.isEmpty();
    }
}
