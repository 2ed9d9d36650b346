package org.thatdam.server.api;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.xmp.XmpStatus;

/**
 * An asset's XMP as last synchronised: where it came from ("sidecar", "embedded" or "none"), the
 * sidecar's path (the one that would be written when there is none yet), when values were last read
 * or written, the last failure, the fields both sides changed at the last merge, and the
 * xmpDM log comment and markers read from it.
 */
public record XmpView(long assetId, String source, @Nullable String sidecar, @Nullable Instant lastSync,
                      @Nullable String error, List<Conflict> conflicts, @Nullable String logComment,
                      List<Marker> markers, boolean writeBack) {

    /** A field changed on both sides; {@code kept} is "catalog" or "sidecar" (the newer one). */
    public record Conflict(String field, String catalog, String sidecar, String kept) {}

    /** A timeline marker; {@code start} as written (frames or timecode), {@code seconds} when the frame rate is known. */
    public record Marker(@Nullable String name, @Nullable String start, @Nullable Double seconds, @Nullable String comment) {}

    public static XmpView of(XmpStatus s) {
        return new XmpView(s.assetId(), s.source(), s.sidecar(), s.lastSync(), s.error(),
                s.conflicts().stream().map(c -> new Conflict(c.field(), c.catalog(), c.sidecar(), c.kept())).toList(),
                s.logComment(), s.markers().stream().map(m -> new Marker(m.name(), m.start(), m.seconds(), m.comment())).toList(),
                s.writeBack());
    }
}
