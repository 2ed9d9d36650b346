package org.thatdam.storage.mhl;

import java.util.Locale;
import org.thatdam.model.DamException;

/** A hash format of ASC MHL v2 that this program computes; {@link #tag()} is its element name in an .mhl file. */
public enum HashFormat {
    XXH64("xxh64"),
    MD5("md5"),
    SHA1("sha1"),
    /** SHA-512 written as a 90-character C4 id; ASC MHL also names each generation's file by it. */
    C4("c4");

    private final String tag;

    HashFormat(String tag) {
        this.tag = tag;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String tag() {
        return tag;
    }

    /** The format named {@code tag} ("xxh64", "MD5" …); anything else is the caller's error. */
    public static HashFormat parse(String tag) {
        if (tag != null) {
            String t = tag.strip().toLowerCase(Locale.ROOT);
            for (HashFormat f : values()) {
                if (f.tag.equals(t)) return f;
            }
        }
        throw DamException.invalid("unknown hash format '" + tag + "': use xxh64, md5, sha1 or c4");
    }

    /** The format whose element is named {@code tag}, or null for one this program does not compute (xxh3, xxh128). */
    static HashFormat ofTag(String tag) {
        for (HashFormat f : values()) {
            if (f.tag.equals(tag)) return f;
        }
        return null;
    }

    /** Element order inside a hash entry, as ASCMHL.xsd requires (c4, md5, sha1, …, xxh64). */
    int schemaOrder() {
        return switch (this) {
            case C4 -> 0;
            case MD5 -> 1;
            case SHA1 -> 2;
            case XXH64 -> 5;
        };
    }
}
