package org.thatdam.core.duplicates;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.CatalogSession;
import org.thatdam.core.jobs.JobHandler;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.library.AssetService;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.model.Actor;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetVersion;
import org.thatdam.model.DamException;
import org.thatdam.model.Fingerprint;
import org.thatdam.model.JobState;
import org.thatdam.model.MediaInfo;

/**
 * Near-duplicate videos: re-encodes, resized copies, copies with extra black or silence at the
 * ends, found from each video's fingerprint (made by the {@link JobKind#FINGERPRINT} job); which
 * copy is the better master; and "keep this one", which forgets the others from the catalog
 * through the same path as forgetting an asset (audited; files on disk are never touched).
 */
public final class DuplicateService {

    /** Durations closer than this count as the same. */
    private static final double SAME_DURATION_SEC = 0.5;

    private final Catalog catalog;
    private final AssetService assets;
    private final Supplier<FfmpegTools> tools;
    private final Clock clock;

    public DuplicateService(Catalog catalog, AssetService assets, Supplier<FfmpegTools> tools, Clock clock) {
        this.catalog = catalog;
        this.assets = assets;
        this.tools = tools;
        this.clock = clock;
    }

    /** The job that fingerprints a video version. */
    public JobHandler handler() {
        return new FingerprintJob(catalog, tools, clock);
    }

    /** The fingerprint of an asset's current content, if it has been made. */
    public Optional<Fingerprint> fingerprint(long assetId) {
        return catalog.read(s -> s.fingerprints().find(assetId)
                .filter(f -> s.assets().find(assetId).map(a -> Objects.equals(a.currentVersionId(), f.versionId())).orElse(false)));
    }

    /** Every group of near-duplicates, those that free the most first, each with its better master first. */
    public DuplicateReport groups() {
        return catalog.read(s -> {
            var summaries = s.fingerprints().current();
            Function<Collection<Long>, Map<Long, long[]>> load = ids -> {
                Map<Long, long[]> out = new HashMap<>();
                s.fingerprints().forAssets(ids).forEach((id, f) -> out.put(id, f.frames()));
                return out;
            };
            List<DuplicateGroup> groups = new ArrayList<>();
            for (DuplicateFinder.Group g : DuplicateFinder.find(summaries, load)) {
                describe(s, g).ifPresent(groups::add);
            }
            groups.sort(Comparator.comparingLong(DuplicateGroup::reclaimableBytes).reversed()
                    .thenComparingLong(DuplicateGroup::bestId));
            Map<JobState, Long> jobs = s.jobs().stats(clock.millis()).countsByKind().getOrDefault(JobKind.FINGERPRINT.id(), Map.of());
            int pending = (int) (jobs.getOrDefault(JobState.QUEUED, 0L) + jobs.getOrDefault(JobState.RUNNING, 0L));
            return new DuplicateReport(summaries.size(), pending, List.copyOf(groups));
        });
    }

    /** The group {@code assetId} belongs to, if it has duplicates. */
    public Optional<DuplicateGroup> groupOf(long assetId) {
        return groups().groups().stream().filter(g -> g.members().stream().anyMatch(m -> m.id() == assetId)).findFirst();
    }

    /**
     * Keeps {@code keep} and forgets {@code forget} from the catalog, each as forgetting an asset
     * does (its catalog rows and derivatives; never its files). Every one of them must be in
     * {@code keep}'s group of duplicates, so nothing else can be forgotten this way.
     */
    public KeepResult keep(long keep, List<Long> forget, Actor by) {
        if (forget == null || forget.isEmpty()) throw DamException.invalid("name at least one duplicate to forget");
        Set<Long> ids = new LinkedHashSet<>(forget);
        if (ids.contains(keep)) throw DamException.invalid("asset " + keep + " cannot be both kept and forgotten");
        if (catalog.read(s -> s.assets().find(keep)).isEmpty()) throw DamException.notFound("no asset with id " + keep);
        DuplicateGroup group = groupOf(keep)
                .orElseThrow(() -> DamException.invalid("asset " + keep + " has no known duplicates"));
        Set<Long> members = new LinkedHashSet<>();
        group.members().forEach(m -> members.add(m.id()));
        List<Long> strangers = ids.stream().filter(id -> !members.contains(id)).toList();
        if (!strangers.isEmpty()) {
            throw DamException.invalid("not duplicates of asset " + keep + ": " + strangers.stream().map(String::valueOf)
                    .reduce((a, b) -> a + ", " + b).orElseThrow());
        }
        List<Long> done = new ArrayList<>();
        for (long id : ids) {
            assets.delete(id, by);
            done.add(id);
        }
        return new KeepResult(keep, List.copyOf(done));
    }

    private record Candidate(Asset asset, MediaInfo media, Fingerprint fingerprint) {
        long pixels() {
            return asset.width() == null || asset.height() == null ? 0 : (long) asset.width() * asset.height();
        }

        boolean original() {
            return media != null && (media.cameraMake() != null || media.cameraModel() != null || media.timecode() != null);
        }

        boolean intermediate() {
            return Codecs.intermediate(asset.videoCodec());
        }

        long bitRate() {
            return asset.bitRate() == null ? 0 : asset.bitRate();
        }

        long size() {
            return asset.sizeBytes() == null ? 0 : asset.sizeBytes();
        }
    }

    /** The better master first: more pixels, a camera original, an intermediate codec, more bits, more content, earlier catalogued. */
    static final Comparator<Candidate> BETTER = Comparator.comparingLong(Candidate::pixels).reversed()
            .thenComparing(Comparator.comparing(Candidate::original).reversed())
            .thenComparing(Comparator.comparing(Candidate::intermediate).reversed())
            .thenComparing(Comparator.comparingLong(Candidate::bitRate).reversed())
            .thenComparing(Comparator.comparingDouble((Candidate c) -> c.fingerprint().contentSec()).reversed())
            .thenComparing(Comparator.comparingLong(Candidate::size).reversed())
            .thenComparingLong(c -> c.asset().id());

    private Optional<DuplicateGroup> describe(CatalogSession s, DuplicateFinder.Group g) {
        Map<Long, Fingerprint> prints = s.fingerprints().forAssets(g.assetIds());
        List<Candidate> found = new ArrayList<>();
        for (long id : g.assetIds()) {
            Optional<Asset> a = s.assets().find(id);
            if (a.isEmpty() || prints.get(id) == null) continue;
            MediaInfo media = a.get().currentVersionId() == null ? null
                    : s.assets().version(a.get().currentVersionId()).map(AssetVersion::media).orElse(null);
            found.add(new Candidate(a.get(), media, prints.get(id)));
        }
        if (found.size() < 2) return Optional.empty();
        found.sort(BETTER);
        Candidate best = found.get(0);
        List<DuplicateMember> members = new ArrayList<>();
        long reclaimable = 0;
        for (Candidate c : found) {
            Asset a = c.asset();
            boolean isBest = c == best;
            if (!isBest) reclaimable += c.size();
            members.add(new DuplicateMember(a.id(), a.title(), a.path(), a.sizeBytes(), a.durationSec(),
                    c.fingerprint().contentStartSec(), c.fingerprint().contentEndSec(), a.width(), a.height(), a.bitRate(),
                    a.videoCodec(), a.audioCodec(), a.container(), a.fps(), c.original(), isBest,
                    round(g.similarity(best.asset().id(), a.id()))));
        }
        return Optional.of(new DuplicateGroup(best.asset().id(), reason(best, found.get(1)), differences(found),
                reclaimable, List.copyOf(members)));
    }

    /** Why {@code best} beats {@code next}, in words: the first criterion that tells them apart. */
    static String reason(Candidate best, Candidate next) {
        Asset a = best.asset(), b = next.asset();
        if (best.pixels() != next.pixels()) {
            return "higher resolution (" + a.width() + "×" + a.height() + " vs " + b.width() + "×" + b.height() + ")";
        }
        if (best.original() != next.original()) return "camera original (it carries camera metadata)";
        if (best.intermediate() != next.intermediate()) return "intermediate codec (" + a.videoCodec() + ")";
        if (best.bitRate() != next.bitRate()) {
            return String.format(Locale.ROOT, "higher bitrate (%.2f vs %.2f Mb/s)", best.bitRate() / 1e6, next.bitRate() / 1e6);
        }
        if (best.fingerprint().contentSec() != next.fingerprint().contentSec()) return "more content";
        if (best.size() != next.size()) return "larger file";
        return "catalogued first";
    }

    static List<String> differences(List<Candidate> cs) {
        List<String> out = new ArrayList<>();
        if (distinct(cs, c -> c.asset().width() + "x" + c.asset().height())) out.add("resolution");
        if (distinct(cs, c -> c.asset().bitRate())) out.add("bitRate");
        if (distinct(cs, c -> c.asset().videoCodec())) out.add("videoCodec");
        if (distinct(cs, c -> c.asset().audioCodec())) out.add("audioCodec");
        if (distinct(cs, c -> c.asset().container())) out.add("container");
        if (distinct(cs, c -> c.asset().fps() == null ? null : Math.round(c.asset().fps() * 100))) out.add("fps");
        double min = Double.MAX_VALUE, max = -1;
        for (Candidate c : cs) {
            double d = c.asset().durationSec() == null ? 0 : c.asset().durationSec();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        if (max - min > SAME_DURATION_SEC) out.add("duration");
        if (distinct(cs, c -> c.asset().sizeBytes())) out.add("size");
        return out;
    }

    private static boolean distinct(List<Candidate> cs, Function<Candidate, Object> fact) {
        return cs.stream().map(fact).distinct().count() > 1;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
