package org.thatdam.storage.copy;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Told about each destination file between its copy and its read-back. The library passes
 * {@link #NONE}; tests use it to damage the real file on disk and prove that the read-back catches it.
 */
@FunctionalInterface
public interface CopyObserver {

    CopyObserver NONE = (destination, attempt) -> { };

    /** {@code destination} is complete and in place; {@code attempt} is 1 for the first copy, 2 for the retry. */
    void beforeReadBack(Path destination, int attempt) throws IOException;
}
