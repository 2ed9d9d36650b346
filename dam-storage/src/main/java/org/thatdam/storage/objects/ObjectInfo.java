package org.thatdam.storage.objects;

import java.time.Instant;

/**
 * One stored object: its key in the store, its size in bytes, a change stamp ({@code etag}: equal
 * stamps mean equal content as far as the store can tell) and when it was last written.
 */
public record ObjectInfo(String key, long size, String etag, Instant modified) {}
