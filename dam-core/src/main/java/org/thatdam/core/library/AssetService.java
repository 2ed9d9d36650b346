package org.thatdam.core.library;

import org.thatdam.model.DamException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.thatdam.catalog.Catalog;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.audit.AuditLog;
import org.thatdam.model.Actor;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetQuery;
import org.thatdam.model.CatalogStats;
import org.thatdam.model.Location;
import org.thatdam.core.derive.DerivativeFiles;
import org.thatdam.core.events.DamEvent;
import org.thatdam.core.events.EventBus;
import org.thatdam.core.fields.FieldService;
import org.thatdam.storage.FileNames;
import org.thatdam.storage.PathGuard;

/** Reading and changing catalogued assets: details, lookups by id or path, listings, edits, forgetting. */
public final class AssetService {

    private final Catalog catalog;
    private final Clock clock;
    private final DerivativeFiles derivatives;
    private final EventBus events;
    private final AuditLog audit;
    /**
     * The vocabulary's rule for tags (preferred paths for terms, refusal of others when restricted),
     * as it stands now: taken once per edit, or once for all the assets of a bulk edit.
     */
    private final java.util.function.Supplier<UnaryOperator<List<String>>> tagRules;
    private final FieldService fields;

    public AssetService(Catalog catalog, Clock clock, DerivativeFiles derivatives, EventBus events, AuditLog audit,
                        java.util.function.Supplier<UnaryOperator<List<String>>> tagRules, FieldService fields) {
        this.catalog = catalog;
        this.tagRules = tagRules;
        this.clock = clock;
        this.derivatives = derivatives;
        this.events = events;
        this.audit = audit;
        this.fields = fields;
    }

    /**
     * Changes what people say about an asset (title, batch, tags, description, rating, favourite,
     * colour label, custom field values); absent fields stay
     * as they are. Validates everything before writing anything; {@code by} is audited with the edit.
     */
    public AssetDetails update(long id, AssetPatch patch, Actor by) {
        AssetPatch p = withTagRules(patch.validated(), tagRules.get());
        catalog.update(s -> {
            Asset asset = s.assets().find(id).orElseThrow(() -> DamException.notFound("no asset with id " + id));
            write(s, asset, p, clock.millis());
            audit.write(s, by, AuditAction.ASSET_EDIT, "asset " + id, p.fields());
        });
        events.publish(new DamEvent.AssetUpdated(id));
        for (EditListener l : editListeners) l.edited(id, p, by);
        // Another writer may delete it between the update and this read.
        return details(id).orElseThrow(() -> DamException.notFound("no asset with id " + id + " (deleted meanwhile)"));
    }

    /** Told after each committed edit, whoever made it (XMP write-back follows edits this way). */
    @FunctionalInterface
    public interface EditListener {
        void edited(long assetId, AssetPatch patch, Actor by);

        /** The assets of one {@link #updateEach}, told at once so that a listener can act on them together. */
        default void editedAll(java.util.Map<Long, AssetPatch> edits, Actor by) {
            edits.forEach((id, p) -> edited(id, p, by));
        }
    }

    private final java.util.List<EditListener> editListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public void onEdit(EditListener listener) {
        editListeners.add(listener);
    }

    /** What an edit of many assets starts from for each: the asset and its tags. */
    public record Described(Asset asset, List<String> tags) {}

    /** Why one asset of {@link #updateEach} was not changed. */
    public record NotChanged(long assetId, DamException reason) {}

    /**
     * {@link #update} for many assets at once, each with the patch {@code change} makes from its
     * current state (null: nothing to change): the same validation, tag rules and writes, in one
     * transaction for the lot instead of one each, and the same listeners told afterwards. An asset
     * that is gone or whose patch does not validate is left out and answered, the others are changed.
     * Not audited per asset: the caller audits the whole edit.
     */
    public List<NotChanged> updateEach(List<Long> ids, java.util.function.Function<Described, AssetPatch> change, Actor by) {
        UnaryOperator<List<String>> rule = tagRules.get();
        java.util.Map<Long, AssetPatch> changed = new java.util.LinkedHashMap<>();
        List<NotChanged> refused = catalog.write(s -> {
            changed.clear(); // a write that is tried again starts over
            List<NotChanged> out = new ArrayList<>();
            long now = clock.millis();
            for (long id : ids) {
                Optional<Asset> a = s.assets().find(id);
                if (a.isEmpty()) {
                    out.add(new NotChanged(id, DamException.notFound("no asset with id " + id)));
                    continue;
                }
                try {
                    AssetPatch raw = change.apply(new Described(a.get(), s.assets().tags(id)));
                    if (raw == null) continue;
                    AssetPatch p = withTagRules(raw.validated(), rule);
                    write(s, a.get(), p, now);   // refuses before it writes anything of this asset
                    changed.put(id, p);
                } catch (DamException e) {
                    out.add(new NotChanged(id, e));
                }
            }
            return out;
        });
        changed.keySet().forEach(id -> events.publish(new DamEvent.AssetUpdated(id)));
        for (EditListener l : editListeners) l.editedAll(changed, by);
        return refused;
    }

    /** The vocabulary's rule for tags as it stands now: each tag's preferred path; unknown ones refused when restricted. */
    public UnaryOperator<List<String>> tagRule() {
        return tagRules.get();
    }

    /** {@code p} with its tags as the vocabulary wants them (preferred paths; unknown ones refused when restricted). */
    private static AssetPatch withTagRules(AssetPatch p, UnaryOperator<List<String>> rule) {
        return p.tags().isEmpty() ? p : p.withTags(rule.apply(p.tags().get()));
    }

    /**
     * The writes of one validated patch: the one place every edit of an asset goes through. Field
     * values are checked first, so a value that does not fit leaves the whole edit undone.
     */
    private void write(org.thatdam.catalog.CatalogSession s, Asset asset, AssetPatch p, long now) {
        long id = asset.id();
        p.fieldValues().ifPresent(v -> fields.write(s, asset, v));
        p.title().ifPresent(t -> s.assets().setTitle(id, t, now));
        p.batch().ifPresent(b -> s.assets().setBatch(id, b.isEmpty() ? null : s.batches().idFor(b, now), now));
        p.tags().ifPresent(t -> s.assets().setTags(id, t, now));
        p.description().ifPresent(d -> s.assets().setDescription(id, d.isEmpty() ? null : d, now));
        p.rating().ifPresent(r -> s.assets().setRating(id, r, now));
        p.favourite().ifPresent(f -> s.assets().setFavourite(id, f, now));
        p.colourLabel().ifPresent(l -> s.assets().setLabel(id, l.orElse(null), now));
    }

    /** Forgets an asset: catalog rows and derivative files. The user's files are never touched. */
    public void delete(long id, Actor by) {
        catalog.update(s -> {
            if (s.assets().find(id).isEmpty()) throw DamException.notFound("no asset with id " + id);
            s.assets().delete(id);
            audit.write(s, by, AuditAction.ASSET_FORGET, "asset " + id, null);
        });
        derivatives.deleteAll(id);
        events.publish(new DamEvent.AssetRemoved(id));
    }


    public Optional<AssetDetails> details(long id) {
        return catalog.read(s -> s.assets().find(id)
                .map(a -> new AssetDetails(a, s.assets().description(id), s.assets().tags(id),
                        s.assets().locations(id), s.assets().versions(id),
                        s.derivatives().forAsset(id), s.jobs().forAsset(id), FieldService.values(s, id))));
    }

    /** An asset by numeric id or by the path of one of its files (relative paths are resolved). */
    public AssetDetails resolve(String idOrPath) {
        return find(idOrPath).orElseThrow(() -> {
            String ref = idOrPath.strip();
            return DamException.notFound(isId(ref) ? "no asset with id " + ref
                    : "no catalogued file at " + PathGuard.parseUserPath(ref).toAbsolutePath().normalize());
        });
    }

    /** {@link #resolve}, empty when nothing catalogued answers to {@code idOrPath}. */
    public Optional<AssetDetails> find(String idOrPath) {
        String ref = idOrPath.strip();
        if (isId(ref)) return details(Long.parseLong(ref));
        Path p = PathGuard.parseUserPath(ref);
        for (String candidate : candidatesFor(p)) {
            Optional<Long> id = catalog.read(s -> s.assets().locationByPath(candidate).map(Location::assetId));
            // A location whose asset went meanwhile is not an answer; try the next name.
            Optional<AssetDetails> found = id.flatMap(this::details);
            if (found.isPresent()) return found;
        }
        return Optional.empty();
    }

    /** Whether {@code ref} reads as an asset id rather than a path. */
    public static boolean isId(String ref) {
        return ref.strip().matches("\\d{1,18}");
    }

    /** The path as stored for a file (its real path), then as written (absolute), for one that is gone. */
    static List<String> candidatesFor(Path p) {
        List<String> out = new ArrayList<>();
        try {
            out.add(FileNames.text(p.toRealPath()));
        } catch (IOException e) {
            // gone or unreadable: fall back to the path as written
        }
        out.add(FileNames.text(p.toAbsolutePath().normalize()));
        return out;
    }

    public List<Asset> list(AssetQuery query) {
        return catalog.read(s -> s.assets().list(query));
    }

    public long count(AssetQuery query) {
        return catalog.read(s -> s.assets().count(query));
    }

    /** Assets with a GPS position, newest capture first: a page of them. */
    public List<org.thatdam.model.Place> places(int limit, int offset) {
        return catalog.read(s -> s.assets().places(limit, offset));
    }

    public long countPlaces() {
        return catalog.read(s -> s.assets().countPlaces());
    }

    public List<Asset> recent(int n) {
        return list(AssetQuery.all(n));
    }

    public void forEach(Consumer<Asset> consumer) {
        catalog.read(s -> {
            s.assets().forEach(consumer);
            return null;
        });
    }

    /** Every asset with its tags and description, in id order, in one read (for exports). */
    public void forEachDescribed(Consumer<org.thatdam.model.Searchable> consumer) {
        catalog.read(s -> {
            s.assets().forEachSearchable(null, consumer);
            return null;
        });
    }

    /** The file of a derivative ("poster-small", "sprite", "proxy"…) of the asset's current version, if made. */
    public Optional<Path> derivativeFile(long assetId, String kind) {
        return details(assetId).flatMap(d -> d.derivative(kind).map(dv ->
                DerivativeFiles.ORIGINAL.equals(dv.path()) ? path(d, dv) : derivatives.local(dv.path())));
    }

    /** Where a derivative's bytes are: under the derivatives folder, or the original itself when it is playable as is. */
    public Path path(AssetDetails d, org.thatdam.model.Derivative dv) {
        return DerivativeFiles.ORIGINAL.equals(dv.path()) ? FileNames.path(d.asset().path()) : derivatives.resolve(dv.path());
    }

    /**
     * The file to send for a derivative: {@link #path}, except that an original standing in for a
     * proxy must still be where the scan found it: reached without a folder swapped for a symbolic
     * link since (catalogued paths are real paths, so a swapped folder no longer matches).
     */
    public Path servedPath(AssetDetails d, org.thatdam.model.Derivative dv) {
        Path p = path(d, dv);
        if (DerivativeFiles.ORIGINAL.equals(dv.path())) unmoved(p);
        return p;
    }

    /**
     * An original as catalogued, re-checked at the moment it is served as an original: reached
     * without symbolic links ({@link #servedPath}) and inside a current library root. The file itself
     * is opened without following links by whoever sends it.
     */
    public Path servableOriginal(Path file) {
        Path realParent = unmoved(file);
        boolean inRoot = catalog.read(s -> s.roots().list()).stream()
                .anyMatch(r -> realParent.startsWith(FileNames.path(r.path())));
        if (!inRoot) throw DamException.forbidden("the file is not inside a library root: not served");
        return file;
    }

    /** The real folder of a catalogued file, which must be the folder as catalogued. */
    private static Path unmoved(Path file) {
        Path parent = file.getParent();
        Path realParent;
        try {
            realParent = parent.toRealPath();
        } catch (IOException e) {
            throw DamException.notFound("the file's folder is gone from disk");
        }
        if (!realParent.equals(parent)) {
            throw DamException.forbidden("a folder on the way to the file was replaced by a symbolic link: not served");
        }
        return realParent;
    }

    public CatalogStats stats() {
        return catalog.read(s -> s.assets().stats());
    }

    /**
     * Assets per year, month or day of their capture time (UTC). {@code from} and {@code to} are
     * dates as the search's created: filter takes them (YYYY, YYYY-MM or YYYY-MM-DD), each standing
     * for its whole period, both included; null or blank for open ends.
     */
    public org.thatdam.model.Timeline timeline(String by, String from, String to) {
        var period = org.thatdam.model.Timeline.By.parse(by == null || by.isBlank() ? "month" : by);
        Long lo = bound("from", from, 0);
        Long hi = bound("to", to, 1);
        if (lo != null && hi != null && lo >= hi) {
            throw DamException.invalid("'from' is after 'to'");
        }
        return catalog.read(s -> s.assets().timeline(period, lo, hi));
    }

    private static Long bound(String name, String date, int end) {
        if (date == null || date.isBlank()) return null;
        long[] p = org.thatdam.search.DatePeriod.of(date);
        if (p == null) {
            throw DamException.invalid("invalid '" + name + "' date (expected YYYY, YYYY-MM or YYYY-MM-DD)");
        }
        return p[end];
    }
}
