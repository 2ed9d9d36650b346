package org.thatdam.storage.mhl;

import java.util.Locale;

/**
 * What a generation says about a hash: first computed here ({@code original}), recomputed and equal to
 * an earlier generation's ({@code verified}), or recomputed and different ({@code failed}).
 */
public enum HashAction {
    ORIGINAL,
    VERIFIED,
    FAILED;

    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    static HashAction ofTag(String tag) {
        for (HashAction a : values()) {
            if (a.tag().equals(tag)) return a;
        }
        return null;
    }
}
