package org.thatdam.core.scan;

import org.thatdam.model.DamException;

import java.util.Optional;

/** Per-run choices: a batch name for everything found (instead of the parent folder's name) and the worker count. */
public record ScanOptions(Optional<String> batch, int workers) {

    public ScanOptions {
        if (workers < 1 || workers > 256) {
            throw DamException.invalid("workers must be between 1 and 256, got " + workers);
        }
        batch = batch.map(String::strip).filter(b -> !b.isEmpty());
    }
}
