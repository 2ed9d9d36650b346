package org.thatdam.catalog;

import java.util.Map;

/** One account's remembered settings: key → a JSON document, stored as given. */
public interface PreferenceRepository {

    /** Every key of the user with its JSON, in key order. */
    Map<String, String> all(long userId);

    /** Sets or replaces one key. */
    void put(long userId, String key, String json, long now);

    /** Removes one key; false when it was not set. */
    boolean remove(long userId, String key);

    /** How many keys the user has. */
    int count(long userId);
}
