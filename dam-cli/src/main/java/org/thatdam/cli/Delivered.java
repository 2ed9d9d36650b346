package org.thatdam.cli;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.nio.file.Path;
import java.util.List;

/**
 * What a processing command prints with {@code --json}: the API's record of the run, and beside its
 * fields where its results are on disk ({@code files}: the copies the user asked for, else an
 * asset's derivative files, or where the results of a file outside the catalog were delivered).
 */
record Delivered<T>(@JsonUnwrapped T report, List<String> files) {

    static <T> Delivered<T> of(T report, List<Path> files) {
        return new Delivered<>(report, files.stream().map(Path::toString).toList());
    }
}
