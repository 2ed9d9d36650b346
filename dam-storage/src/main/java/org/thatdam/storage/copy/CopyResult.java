package org.thatdam.storage.copy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.thatdam.storage.mhl.HashFormat;

/**
 * One source file copied to its destinations: the source's size, modification time and hashes (from
 * the single read that fed the copies) and what became of each destination.
 */
public record CopyResult(Path source, long size, Instant lastModified, Map<HashFormat, String> hashes,
                         List<Destination> destinations) {

    /** One destination: its outcome, how many copies it took (0 when it was already there) and why it failed. */
    public record Destination(Path path, CopyOutcome outcome, int copies, String error) {
        public boolean good() {
            return outcome != CopyOutcome.FAILED;
        }
    }

    public boolean good() {
        return destinations.stream().allMatch(Destination::good);
    }

    public String xxh64() {
        return hashes.get(HashFormat.XXH64);
    }
}
