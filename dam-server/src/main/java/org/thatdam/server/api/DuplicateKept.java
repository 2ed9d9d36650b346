package org.thatdam.server.api;

import java.util.List;
import org.thatdam.core.duplicates.KeepResult;

/** The asset kept and those forgotten from the catalog; their files stay where they are. */
public record DuplicateKept(long kept, List<Long> forgotten) {

    public static DuplicateKept of(KeepResult r) {
        return new DuplicateKept(r.kept(), r.forgotten());
    }
}
