package org.thatdam.server.api;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.duplicates.DuplicateGroup;
import org.thatdam.core.duplicates.DuplicateMember;
import org.thatdam.core.duplicates.DuplicateReport;

/**
 * Near-duplicate videos: groups, those that free the most first, each with its better master
 * first. {@code fingerprinted}: videos whose current content has a fingerprint (only those are
 * compared); {@code pending}: fingerprint jobs still queued or running.
 */
public record DuplicatesView(int fingerprinted, int pending, List<Group> groups) {

    /**
     * Copies of one video: {@code bestId} is the better master and {@code reason} says why;
     * {@code differences} names the facts that differ between members (resolution, bitRate,
     * videoCodec, audioCodec, container, fps, duration, size); {@code reclaimableBytes} is the
     * size of all the others.
     */
    public record Group(long bestId, String reason, List<String> differences, long reclaimableBytes, List<Member> members) {}

    /**
     * One copy. {@code contentStartSec}..{@code contentEndSec} is the part compared (black,
     * slates and silence at the ends left out); {@code similarity} 0–1 to the better master;
     * {@code original}: it carries camera metadata.
     */
    public record Member(long id, String title, @Nullable String path, @Nullable Long sizeBytes, @Nullable Double durationSec,
                         double contentStartSec, double contentEndSec, @Nullable Integer width, @Nullable Integer height,
                         @Nullable Long bitRate, @Nullable String videoCodec, @Nullable String audioCodec,
                         @Nullable String container, @Nullable Double fps, boolean original, boolean best, double similarity) {

        static Member of(DuplicateMember m) {
            return new Member(m.id(), m.title(), m.path(), m.sizeBytes(), m.durationSec(), m.contentStartSec(),
                    m.contentEndSec(), m.width(), m.height(), m.bitRate(), m.videoCodec(), m.audioCodec(), m.container(),
                    m.fps(), m.original(), m.best(), m.similarity());
        }
    }

    public static DuplicatesView of(DuplicateReport r) {
        return new DuplicatesView(r.fingerprinted(), r.pending(), r.groups().stream().map(DuplicatesView::group).toList());
    }

    private static Group group(DuplicateGroup g) {
        return new Group(g.bestId(), g.reason(), g.differences(), g.reclaimableBytes(),
                g.members().stream().map(Member::of).toList());
    }
}
