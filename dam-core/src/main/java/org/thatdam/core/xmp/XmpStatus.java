package org.thatdam.core.xmp;

import java.time.Instant;
import java.util.List;
import org.thatdam.media.xmp.XmpMarker;

/**
 * An asset's XMP as the catalog last synchronised it.
 *
 * @param source    "sidecar", "embedded", or "none" when no XMP was ever read or written
 * @param sidecar   the sidecar's path (the one that would be written when there is none yet)
 * @param lastSync  when values were last read or written (null: never)
 * @param error     the last failure to read or write it, or null
 * @param conflicts the fields both sides changed at the last merge
 * @param writeBack whether edits are written to the sidecar ({@code xmp.write-sidecars})
 */
public record XmpStatus(long assetId, String source, String sidecar, Instant lastSync, String error,
                        List<XmpConflict> conflicts, String logComment, List<XmpMarker> markers, boolean writeBack) {}
