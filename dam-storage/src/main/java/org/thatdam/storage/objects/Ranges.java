package org.thatdam.storage.objects;

import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/** The rules of a ranged read, the same for every store. */
final class Ranges {

    private Ranges() {}

    static void check(String key, long offset, long length) {
        ObjectKeys.check(key);
        if (offset < 0) throw DamException.invalid("cannot read " + ObjectKeys.quote(key) + ": negative offset " + offset);
        if (length < -1) throw DamException.invalid("cannot read " + ObjectKeys.quote(key) + ": negative length " + length);
    }

    static DamException notSatisfiable(String key, long offset, long size) {
        return new DamException(ErrorCode.RANGE_NOT_SATISFIABLE,
                "cannot read " + ObjectKeys.quote(key) + " from byte " + offset + ": it has " + size + " bytes");
    }
}
