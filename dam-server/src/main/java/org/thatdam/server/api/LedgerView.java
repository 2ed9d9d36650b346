package org.thatdam.server.api;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.thatdam.model.LedgerEntry;

/** The verified copies that brought an asset's files into the library, oldest first. */
public record LedgerView(List<Entry> entries) {

    /** One copy: from where (a path on the server), to where, when, by whom, into which batch, with its hashes. */
    public record Entry(@Nullable String sourcePath, String destination, @Nullable String xxh64, @Nullable String md5,
                        @Nullable String sha1, Instant copiedAt, @Nullable String user, @Nullable String batch,
                        @Nullable Long importId) {}

    public static LedgerView of(List<LedgerEntry> entries) {
        return new LedgerView(entries.stream().map(e -> new Entry(e.sourcePath(), e.destination(), e.xxh64(), e.md5(), e.sha1(),
                e.copiedAt(), e.user(), e.batch(), e.importId())).toList());
    }
}
