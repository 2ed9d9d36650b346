package org.thatdam.catalog;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** Leases held in this process: what {@link Catalog#tryLease} is for a catalog only this machine uses. */
final class LocalLeases {

    private static final Set<String> HELD = ConcurrentHashMap.newKeySet();

    private LocalLeases() {}

    static Optional<AutoCloseable> tryLease(String key) {
        if (!HELD.add(key)) return Optional.empty();
        AtomicBoolean open = new AtomicBoolean(true);
        return Optional.of(() -> {
            if (open.compareAndSet(true, false)) HELD.remove(key);
        });
    }
}
