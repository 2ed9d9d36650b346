package org.thatdam.storage.mhl;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A file as one generation records it: its path relative to the MHL root ('/'-separated), size
 * ({@code -1} when a hash list leaves it out), modification time and hashes.
 */
public record MhlFile(String path, long size, Instant lastModified, List<MhlHash> hashes) {
    public MhlFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(lastModified, "lastModified");
        // Kept in the order ASCMHL.xsd lists the formats, so a record reads back equal to what was written.
        hashes = hashes.stream().sorted(Comparator.comparingInt(h -> h.format().schemaOrder())).toList();
    }

    /** How a hash list names {@code file} below {@code root}: relative, '/'-separated on every platform. */
    public static String pathOf(java.nio.file.Path root, java.nio.file.Path file) {
        StringBuilder b = new StringBuilder();
        for (java.nio.file.Path part : root.relativize(file)) {
            if (!b.isEmpty()) b.append('/');
            b.append(part);
        }
        return b.toString();
    }

    /** This record's hash in {@code format}, if it has one. */
    public Optional<MhlHash> hash(HashFormat format) {
        return hashes.stream().filter(h -> h.format() == format).findFirst();
    }
}
