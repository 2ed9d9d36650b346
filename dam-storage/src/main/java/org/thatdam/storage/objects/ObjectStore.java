package org.thatdam.storage.objects;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the program's own bytes live (derivatives, uploads, outputs, backups): a folder on the local
 * disk or a bucket of an S3-compatible server. Keys are {@code /}-separated relative names
 * ({@link ObjectKeys}); a key that breaks the rules is refused before anything is touched.
 * Failures are {@link org.thatdam.model.DamException}s: {@code not_found} for a missing object,
 * {@code forbidden} when the store refuses our credentials, {@code unavailable} when it cannot be reached.
 */
public interface ObjectStore extends AutoCloseable {

    /** Stores a copy of {@code file} under {@code key}; readers see the old object or the whole new one, never a part. */
    void put(String key, Path file);

    /** Stores exactly {@code length} bytes read from {@code in} (streamed, never held whole in memory); {@code in} is not closed. */
    void put(String key, InputStream in, long length);

    /** The object's size and stamp, or empty when there is none. */
    Optional<ObjectInfo> stat(String key);

    /**
     * The object's bytes from {@code offset}, at most {@code length} of them ({@code -1}: to the end).
     * An offset past the end is {@code range_not_satisfiable}; a missing object {@code not_found}.
     */
    InputStream open(String key, long offset, long length);

    /** Copies the object to {@code target} atomically (a temporary sibling renamed into place). */
    void fetch(String key, Path target);

    /** Deletes the object; false when there was none. */
    boolean delete(String key);

    /** Deletes every object whose key starts with {@code prefix} ({@code ""}: all of them); how many were deleted. */
    int deletePrefix(String prefix);

    /** Up to {@code limit} objects whose keys start with {@code prefix} and sort after {@code after} (null: from the start). */
    ObjectPage list(String prefix, String after, int limit);

    /** A URL that lets anyone holding it GET the object for {@code ttl}; empty where the store has none (local disk). */
    Optional<URI> presign(String key, Duration ttl);

    /** Where the objects are, for logs and status pages: never a secret. */
    String describe();

    /** Releases connections; the store is not used afterwards. */
    @Override
    default void close() {}
}
