package org.thatdam.core.library;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.thatdam.catalog.Catalog;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetStatus;
import org.thatdam.model.Location;
import org.thatdam.core.derive.DerivativeFiles;
import org.thatdam.core.events.DamEvent;
import org.thatdam.core.events.EventBus;
import org.thatdam.storage.FileNames;

/**
 * The one place that records which catalogued files are gone or back: a gone location is marked
 * missing (or, when purging, forgotten), and an asset left without any present file becomes
 * {@code missing} (or is forgotten with its derivatives). Used by prune, by scans for what they no
 * longer find, and by the folder watcher when files disappear. Files are never touched.
 */
public final class MissingLocations {

    /**
     * What one change did: locations marked gone or back, assets left without a file, assets
     * forgotten; {@code becameMissing} names the assets whose status changed to missing by it.
     */
    public record Outcome(long goneLocations, long backLocations, long missingAssets, long purgedAssets,
                          List<Long> becameMissing) {
        static final Outcome NONE = new Outcome(0, 0, 0, 0, List.of());
    }

    private final Catalog catalog;
    private final Clock clock;
    private final DerivativeFiles derivatives;
    private final EventBus events;

    public MissingLocations(Catalog catalog, Clock clock, DerivativeFiles derivatives, EventBus events) {
        this.catalog = catalog;
        this.clock = clock;
        this.derivatives = derivatives;
        this.events = events;
    }

    /**
     * Marks the present locations at {@code path} or below it whose files no longer exist. For a
     * file or folder that disappeared: everything it held is missing at once.
     */
    public Outcome goneAt(Path path) {
        String p = FileNames.text(path);
        String prefix = p.endsWith("/") ? p : p + "/";
        List<Location> gone = new ArrayList<>();
        catalog.read(s -> {
            s.assets().locationByPath(p).ifPresent(gone::add);
            s.assets().forEachLocationUnder(prefix, gone::add);
            return null;
        });
        gone.removeIf(l -> l.missing() || exists(l));
        return apply(gone, List.of(), false);
    }

    /** Records {@code gone} locations as missing (or forgets them with {@code purge}) and {@code back} as present. */
    public Outcome apply(Collection<Location> gone, Collection<Location> back, boolean purge) {
        return apply(gone, back, purge, null);
    }

    /**
     * {@link #apply(Collection, Collection, boolean)}, then {@code also} (when not null) in the same
     * transaction, told how many assets were forgotten; with {@code also} the transaction is made even
     * when nothing is gone or back.
     */
    Outcome apply(Collection<Location> gone, Collection<Location> back, boolean purge,
                  java.util.function.ObjLongConsumer<org.thatdam.catalog.CatalogSession> also) {
        if (gone.isEmpty() && back.isEmpty() && also == null) return Outcome.NONE;
        Set<Long> affected = new HashSet<>();
        gone.forEach(l -> affected.add(l.assetId()));
        back.forEach(l -> affected.add(l.assetId()));
        long[] missingAssets = {0};
        List<Long> purgedIds = new ArrayList<>();
        List<Long> becameMissing = new ArrayList<>();
        long now = clock.millis();
        catalog.update(s -> {
            for (Location l : gone) {
                if (purge) s.assets().deleteLocation(l.id());
                else s.assets().setLocationMissing(l.id(), true, now);
            }
            for (Location l : back) {
                s.assets().setLocationMissing(l.id(), false, now);
            }
            for (long assetId : affected) {
                var asset = s.assets().find(assetId);
                if (asset.isEmpty()) continue; // forgotten meanwhile
                boolean anyPresent = s.assets().locations(assetId).stream().anyMatch(l -> !l.missing());
                Asset a = asset.get();
                if (!anyPresent && purge) {
                    s.assets().delete(assetId);
                    purgedIds.add(assetId);
                } else if (!anyPresent) {
                    if (a.status() != AssetStatus.MISSING) {
                        s.assets().setStatus(assetId, AssetStatus.MISSING, "no file left: all locations are gone", now);
                        becameMissing.add(assetId);
                    }
                    missingAssets[0]++;
                } else {
                    s.assets().clearMissing(assetId, now);
                }
            }
            if (also != null) also.accept(s, purgedIds.size());
        });
        purgedIds.forEach(derivatives::deleteAll); // after the commit: a crash before leaves files, never dangling rows
        purgedIds.forEach(id -> events.publish(new DamEvent.AssetRemoved(id)));
        if (!purge) affected.forEach(id -> events.publish(new DamEvent.AssetUpdated(id)));
        return new Outcome(gone.size(), back.size(), missingAssets[0], purgedIds.size(), List.copyOf(becameMissing));
    }

    /** Whether a catalogued file is still there (links are not followed: the catalog records real paths). */
    public static boolean exists(Location l) {
        return Files.exists(FileNames.path(l.path()), LinkOption.NOFOLLOW_LINKS);
    }
}
