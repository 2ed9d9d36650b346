package org.thatdam.server.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.jobs.JobGroups;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.model.JobGrouping;

/**
 * One page of jobs grouped by asset ({@code by} "asset") or by kind ("kind"): groups with a failed
 * job first, then those with running or queued work, then the most recently changed.
 */
public record JobGroupsView(String by, int total, int offset, int limit, List<Group> groups) {

    /**
     * A group: the asset it is about ({@code assetId}, null for jobs without an asset) or its kind,
     * counts by state, its progress (0..1), its latest change, and its first jobs (failed, running,
     * queued, then the latest finished; {@code counts} says how many there are in all).
     */
    public record Group(String key, @Nullable Long assetId, @Nullable JobKind kind, @Nullable String kindLabel,
                        Map<String, Long> counts, double progress, @Nullable Instant changedAt, List<JobView> jobs) {}

    public static JobGroupsView of(JobGroups g) {
        boolean byAsset = g.by() == JobGrouping.ASSET;
        return new JobGroupsView(g.by().id(), g.total(), g.offset(), g.limit(),
                g.groups().stream().map(x -> {
                    JobKind kind = byAsset ? null : JobKind.parse(x.key());
                    Long asset = byAsset && !x.key().isEmpty() ? Long.valueOf(x.key()) : null;
                    return new Group(x.key(), asset, kind, kind == null ? null : kind.label(),
                            JobSummaryView.byName(x.counts()), x.progress(), x.changedAt(),
                            x.jobs().stream().map(JobView::of).toList());
                }).toList());
    }
}
