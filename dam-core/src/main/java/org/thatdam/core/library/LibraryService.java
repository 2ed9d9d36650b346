package org.thatdam.core.library;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.thatdam.catalog.Catalog;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetQuery;
import org.thatdam.model.Batch;
import org.thatdam.model.CatalogStats;
import org.thatdam.model.LibraryRoot;
import org.thatdam.model.Location;
import org.thatdam.core.derive.DerivativeFiles;
import org.thatdam.core.events.DamEvent;
import org.thatdam.core.events.EventBus;
import org.thatdam.storage.FileNames;
import org.thatdam.storage.PathGuard;

/** Everything the presentation layers ask of the library besides scanning. Reads and writes only the catalog. */
public final class LibraryService {

    private static final int MAX_LISTED_MISSING = 1000;
    private static final int MAX_BATCH_NAME = 200;

    private final Catalog catalog;
    private final Clock clock;
    private final DerivativeFiles derivatives;
    private final EventBus events;
    private final Path home;
    private final MissingLocations missing;

    /** {@code home} is the library's data folder, which may not become (or contain) a root of its own. */
    public LibraryService(Catalog catalog, Clock clock, DerivativeFiles derivatives, EventBus events, Path home) {
        this.catalog = catalog;
        this.clock = clock;
        this.derivatives = derivatives;
        this.events = events;
        this.home = home;
        this.missing = new MissingLocations(catalog, clock, derivatives, events);
    }

    /** Records catalogued files that are gone (or back); shared by prune, scans and the folder watcher. */
    public MissingLocations missing() {
        return missing;
    }

    /**
     * Changes what people say about an asset (title, batch, tags, description); absent fields stay
     * as they are. Validates everything before writing anything.
     */
    public AssetDetails update(long id, AssetPatch patch) {
        AssetPatch p = patch.validated();
        catalog.update(s -> {
            if (s.assets().find(id).isEmpty()) throw new NotFoundException("no asset with id " + id);
            long now = clock.millis();
            p.title().ifPresent(t -> s.assets().setTitle(id, t, now));
            p.batch().ifPresent(b -> s.assets().setBatch(id, b.isEmpty() ? null : s.batches().idFor(b, now), now));
            p.tags().ifPresent(t -> s.assets().setTags(id, t, now));
            p.description().ifPresent(d -> s.assets().setDescription(id, d.isEmpty() ? null : d, now));
        });
        events.publish(new DamEvent.AssetUpdated(id));
        return details(id).orElseThrow();
    }

    /** Forgets an asset: catalog rows and derivative files. The user's files are never touched. */
    public void delete(long id) {
        boolean existed = catalog.write(s -> {
            if (s.assets().find(id).isEmpty()) return false;
            s.assets().delete(id);
            return true;
        });
        if (!existed) throw new NotFoundException("no asset with id " + id);
        derivatives.deleteAll(id);
        events.publish(new DamEvent.AssetRemoved(id));
    }

    // ------------------------------------------------------------ assets

    public Optional<AssetDetails> details(long id) {
        return catalog.read(s -> s.assets().find(id)
                .map(a -> new AssetDetails(a, s.assets().description(id), s.assets().tags(id),
                        s.assets().locations(id), s.assets().versions(id),
                        s.derivatives().forAsset(id), s.jobs().forAsset(id))));
    }

    /** An asset by numeric id or by the path of one of its files (relative paths are resolved). */
    public AssetDetails resolve(String idOrPath) {
        String ref = idOrPath.strip();
        if (ref.matches("\\d{1,18}")) {
            return details(Long.parseLong(ref)).orElseThrow(() -> new NotFoundException("no asset with id " + ref));
        }
        Path p = PathGuard.parseUserPath(ref);
        for (String candidate : candidatesFor(p)) {
            Optional<Long> id = catalog.read(s -> s.assets().locationByPath(candidate).map(Location::assetId));
            if (id.isPresent()) {
                return details(id.get()).orElseThrow();
            }
        }
        throw new NotFoundException("no catalogued file at " + p.toAbsolutePath().normalize());
    }

    private static List<String> candidatesFor(Path p) {
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

    public List<Asset> recent(int n) {
        return list(AssetQuery.all(n));
    }

    public void forEach(Consumer<Asset> consumer) {
        catalog.read(s -> {
            s.assets().forEach(consumer);
            return null;
        });
    }

    /** The file of a derivative ("poster-small", "sprite", "proxy"…) of the asset's current version, if made. */
    public Optional<Path> derivativeFile(long assetId, String kind) {
        return details(assetId).flatMap(d -> d.derivative(kind).map(dv -> path(d, dv)));
    }

    /** Where a derivative's bytes are: under the derivatives folder, or the original itself when it is playable as is. */
    public Path path(AssetDetails d, org.thatdam.model.Derivative dv) {
        return DerivativeFiles.ORIGINAL.equals(dv.path()) ? FileNames.path(d.asset().path()) : derivatives.resolve(dv.path());
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
            throw new IllegalArgumentException("'from' is after 'to'");
        }
        return catalog.read(s -> s.assets().timeline(period, lo, hi));
    }

    private static Long bound(String name, String date, int end) {
        if (date == null || date.isBlank()) return null;
        long[] p = org.thatdam.search.DatePeriod.of(date);
        if (p == null) {
            throw new IllegalArgumentException("invalid '" + name + "' date (expected YYYY, YYYY-MM or YYYY-MM-DD)");
        }
        return p[end];
    }

    // ------------------------------------------------------------ batches

    public List<Batch> batches() {
        return catalog.read(s -> s.batches().list());
    }

    public Batch batch(String name) {
        return catalog.read(s -> s.batches().find(name)).orElseThrow(() -> new NotFoundException("no batch named '" + name + "'"));
    }

    /** Puts every catalogued asset with a file under {@code folder} into batch {@code name}; returns how many. */
    public int assignBatch(Path folder, String name) {
        String batch = validBatchName(name);
        String prefix = folderPrefix(folder);
        Set<Long> changed = catalog.write(s -> {
            long batchId = s.batches().idFor(batch, clock.millis());
            Set<Long> assets = new HashSet<>();
            s.assets().forEachLocationUnder(prefix, l -> assets.add(l.assetId()));
            for (long id : assets) {
                s.assets().setBatch(id, batchId, clock.millis());
            }
            return assets;
        });
        changed.forEach(id -> events.publish(new DamEvent.AssetUpdated(id)));
        return changed.size();
    }

    /** Ids of the assets in a batch (to tell listeners they changed with it). */
    private List<Long> idsInBatch(String name) {
        List<Long> ids = new ArrayList<>();
        for (int offset = 0; ; offset += 10_000) {
            List<Asset> page = list(new AssetQuery(name, null, null, AssetQuery.Sort.OLDEST, 10_000, offset));
            page.forEach(a -> ids.add(a.id()));
            if (page.size() < 10_000) return ids;
        }
    }

    public void renameBatch(String from, String to) {
        String target = validBatchName(to);
        boolean renamed = catalog.write(s -> {
            if (s.batches().find(target).isPresent()) {
                throw new IllegalArgumentException("a batch named '" + target + "' already exists");
            }
            return s.batches().rename(from, target);
        });
        if (!renamed) {
            throw new NotFoundException("no batch named '" + from + "'");
        }
        idsInBatch(target).forEach(id -> events.publish(new DamEvent.AssetUpdated(id)));
    }

    /** Removes the grouping only: assets and files stay. */
    public void deleteBatch(String name) {
        List<Long> members = idsInBatch(name);
        if (!catalog.write(s -> s.batches().delete(name))) {
            throw new NotFoundException("no batch named '" + name + "'");
        }
        members.forEach(id -> events.publish(new DamEvent.AssetUpdated(id)));
    }

    public static String validBatchName(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) throw new IllegalArgumentException("batch name is empty");
        if (n.length() > MAX_BATCH_NAME) throw new IllegalArgumentException("batch name is longer than " + MAX_BATCH_NAME + " characters");
        TextRules.check("batch name", n, false);
        return n;
    }

    // ------------------------------------------------------------ roots

    public List<LibraryRoot> roots() {
        return catalog.read(s -> s.roots().list());
    }

    /**
     * Adds a folder as a library root, stored as its real path; false if it already was one.
     * Refused ({@link RootRefusedException}) when {@link RootRules} says so; the check and the
     * insert share one transaction, so two overlapping roots cannot slip in side by side.
     */
    public boolean addRoot(Path dir) {
        Path real = realDirectory(dir);
        Path realHome = PathGuard.realOrAbsolute(home);
        return catalog.write(s -> {
            List<Path> existing = s.roots().list().stream().map(r -> PathGuard.realOrAbsolute(FileNames.path(r.path()))).toList();
            RootRules.refusal(real, realHome, existing).ifPresent(reason -> {
                throw new RootRefusedException(reason);
            });
            return s.roots().add(FileNames.text(real), clock.millis());
        });
    }


    /** The root a folder was stored as (its real path), if it is one. */
    public Optional<LibraryRoot> root(Path dir) {
        String real = FileNames.text(realDirectory(dir));
        return roots().stream().filter(r -> r.path().equals(real)).findFirst();
    }

    public void removeRoot(Path dir) {
        List<String> candidates = candidatesFor(dir);
        boolean removed = catalog.write(s -> {
            for (String c : candidates) {
                if (s.roots().remove(c)) return true;
            }
            return false;
        });
        if (!removed) {
            throw new NotFoundException("not a library root: " + dir.toAbsolutePath().normalize());
        }
    }

    public static Path realDirectory(Path dir) {
        try {
            Path real = dir.toRealPath();
            if (!Files.isDirectory(real)) {
                throw new IllegalArgumentException("not a folder: " + dir);
            }
            return real;
        } catch (IOException e) {
            throw new IllegalArgumentException("no such folder: " + dir.toAbsolutePath().normalize());
        }
    }

    private static String folderPrefix(Path folder) {
        String p = FileNames.text(realDirectory(folder));
        return p.endsWith("/") ? p : p + "/";
    }

    // ------------------------------------------------------------ prune

    /**
     * Checks every catalogued location on disk. Gone ones are marked missing (an asset with no file
     * left becomes {@code missing}); with {@code purge} they are forgotten instead, and so are
     * assets left without any location. Files are never touched. Locations under a root whose
     * folder is absent or empty ({@link RootAvailability}: an unplugged drive) are left as they are
     * and the root is reported.
     */
    public PruneReport prune(boolean dryRun, boolean purge) {
        List<Path> unavailable = unavailableRoots();
        List<Location> gone = new ArrayList<>();
        List<Location> back = new ArrayList<>();
        long[] checked = {0};
        catalog.read(s -> {
            s.assets().forEachLocationUnder("", l -> {
                if (!unavailable.isEmpty() && RootAvailability.rootOf(FileNames.path(l.path()), unavailable) != null) return;
                checked[0]++;
                boolean exists = MissingLocations.exists(l);
                if (!exists) gone.add(l);
                else if (l.missing()) back.add(l);
            });
            return null;
        });
        long missingAssets = 0, purgedAssets = 0;
        if (!dryRun) {
            MissingLocations.Outcome o = missing.apply(gone, back, purge);
            missingAssets = o.missingAssets();
            purgedAssets = o.purgedAssets();
        } else {
            Set<Long> goneIds = new HashSet<>();
            Set<Long> goneAssets = new HashSet<>();
            gone.forEach(l -> {
                goneIds.add(l.id());
                goneAssets.add(l.assetId());
            });
            for (long assetId : goneAssets) {
                List<Location> locs = catalog.read(s -> s.assets().locations(assetId));
                if (locs.stream().allMatch(l -> goneIds.contains(l.id()))) {
                    missingAssets++;
                }
            }
        }
        List<String> paths = gone.stream().limit(MAX_LISTED_MISSING).map(Location::path).toList();
        // A dry run reports what it would do: with purge, the assets left without files would go.
        long assetsPurged = dryRun ? (purge ? missingAssets : 0) : purgedAssets;
        return new PruneReport(dryRun, purge, checked[0], gone.size(), purge ? 0 : missingAssets, back.size(),
                assetsPurged, purge ? gone.size() : 0, paths, unavailable.stream().map(Path::toString).toList());
    }

    private boolean holdsPresentFiles(String folder) {
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        boolean[] any = {false};
        catalog.read(s -> {
            s.assets().forEachLocationUnder(prefix, l -> any[0] |= !l.missing());
            return null;
        });
        return any[0];
    }

    /** The roots whose folder cannot say which of their files are gone (absent, or empty while files are catalogued). */
    private List<Path> unavailableRoots() {
        List<Path> out = new ArrayList<>();
        for (LibraryRoot r : roots()) {
            Path root = FileNames.path(r.path());
            if (RootAvailability.unavailable(root, true).isEmpty()) continue; // there, with entries
            if (RootAvailability.absent(root) || holdsPresentFiles(r.path())) out.add(root);
        }
        return out;
    }
}
