package org.thatdam.core.library;

import org.thatdam.model.DamException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.thatdam.catalog.Catalog;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.audit.AuditLog;
import org.thatdam.model.Actor;
import org.thatdam.model.LibraryRoot;
import org.thatdam.model.Location;
import org.thatdam.core.derive.DerivativeFiles;
import org.thatdam.core.events.EventBus;
import org.thatdam.storage.FileNames;
import org.thatdam.storage.PathGuard;

/** The library's root folders, and the check of every catalogued file against the disk (prune). */
public final class RootService {

    private static final int MAX_LISTED_MISSING = 1000;

    private final Catalog catalog;
    private final Clock clock;
    private final Path home;
    private final MissingLocations missing;
    private final AuditLog audit;

    /** {@code home} is the library's data folder, which may not become (or contain) a root of its own. */
    public RootService(Catalog catalog, Clock clock, DerivativeFiles derivatives, EventBus events, Path home, AuditLog audit) {
        this.catalog = catalog;
        this.audit = audit;
        this.clock = clock;
        this.home = home;
        this.missing = new MissingLocations(catalog, clock, derivatives, events);
    }

    /** Records catalogued files that are gone (or back); shared by prune, scans and the folder watcher. */
    public MissingLocations missing() {
        return missing;
    }

    public List<LibraryRoot> roots() {
        return catalog.read(s -> s.roots().list());
    }

    /**
     * Adds a folder as a library root, stored as its real path; false if it already was one.
     * Refused ({@code invalid}) when {@link RootRules} says so; the check and the
     * insert share one transaction, so two overlapping roots cannot slip in side by side.
     */
    public boolean addRoot(Path dir, Actor by) {
        return add(dir, by).added();
    }

    /** A root as stored, and whether this call added it (false: it already was one). */
    public record AddedRoot(LibraryRoot root, boolean added) {}

    /**
     * {@link #addRoot}, answering the root as stored; it is read in the same transaction, so a
     * removal racing this call cannot leave the caller without it. Only an addition is audited.
     */
    public AddedRoot add(Path dir, Actor by) {
        Path real = realDirectory(dir);
        Path realHome = PathGuard.realOrAbsolute(home);
        String text = FileNames.text(real);
        return catalog.write(s -> {
            List<Path> existing = s.roots().list().stream().map(r -> PathGuard.realOrAbsolute(FileNames.path(r.path()))).toList();
            RootRules.refusal(real, realHome, existing).ifPresent(reason -> {
                throw DamException.invalid(reason);
            });
            boolean added = s.roots().add(text, clock.millis());
            if (added) audit.write(s, by, AuditAction.ROOT_ADD, "root " + text, null);
            LibraryRoot root = s.roots().list().stream().filter(r -> r.path().equals(text)).findFirst()
                    .orElseThrow(() -> DamException.conflict("the library root " + text + " was removed while being added"));
            return new AddedRoot(root, added);
        });
    }

    /** The root a folder was stored as (its real path), if it is one. */
    public Optional<LibraryRoot> root(Path dir) {
        String real = FileNames.text(realDirectory(dir));
        return roots().stream().filter(r -> r.path().equals(real)).findFirst();
    }

    /**
     * Removes the root at {@code dir} (by any name of the folder) and returns it; its assets stay.
     * Callers that run scans go through {@code ScanService.removeRoot}, which also tells the running scan.
     */
    public LibraryRoot removeRoot(Path dir, Actor by) {
        List<String> candidates = AssetService.candidatesFor(dir);
        Optional<LibraryRoot> removed = catalog.write(s -> {
            List<LibraryRoot> all = s.roots().list();
            for (String c : candidates) {
                Optional<LibraryRoot> r = all.stream().filter(x -> x.path().equals(c)).findFirst();
                if (r.isPresent() && s.roots().remove(c)) {
                    audit.write(s, by, AuditAction.ROOT_REMOVE, "root " + c, null);
                    return r;
                }
            }
            return Optional.<LibraryRoot>empty();
        });
        return removed.orElseThrow(() -> DamException.notFound("not a library root: " + dir.toAbsolutePath().normalize()));
    }

    public static Path realDirectory(Path dir) {
        try {
            Path real = dir.toRealPath();
            if (!Files.isDirectory(real)) {
                throw DamException.invalid("not a folder: " + dir);
            }
            return real;
        } catch (IOException e) {
            throw DamException.invalid("no such folder: " + dir.toAbsolutePath().normalize());
        }
    }

    private static String folderPrefix(Path folder) {
        String p = FileNames.text(realDirectory(folder));
        return p.endsWith("/") ? p : p + "/";
    }

    /**
     * Checks every catalogued location on disk. Gone ones are marked missing (an asset with no file
     * left becomes {@code missing}); with {@code purge} they are forgotten instead, and so are
     * assets left without any location. Files are never touched. Locations under a root whose
     * folder is absent or empty ({@link RootAvailability}: an unplugged drive) are left as they are
     * and the root is reported. A prune that changes the catalog is audited (even when it found
     * nothing to change: it was asked for); a dry run changes nothing and is not.
     */
    public PruneReport prune(boolean dryRun, boolean purge, Actor by) {
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
            MissingLocations.Outcome o = missing.apply(gone, back, purge, (s, forgotten) -> audit.write(s, by, AuditAction.PRUNE,
                    "library", (purge ? "purge" : "mark missing") + ": " + gone.size() + " gone, " + forgotten + " asset(s) forgotten"));
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
