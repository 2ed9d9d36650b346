package org.thatdam.server.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An import to start: the folder on the server to copy (a camera card), one to four destination
 * folders (each a library root or inside one), the batch of the new assets (default: the source
 * folder's name) and the hashes recorded besides xxh64 ("md5", "sha1").
 */
public record ImportBody(String source, List<String> destinations, @Nullable String batch, @Nullable List<String> hashes) {}
