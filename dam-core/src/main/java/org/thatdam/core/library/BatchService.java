package org.thatdam.core.library;

import org.thatdam.core.text.TextRules;
import org.thatdam.model.DamException;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.thatdam.catalog.Catalog;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.audit.AuditLog;
import org.thatdam.model.Actor;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetQuery;
import org.thatdam.model.Batch;
import org.thatdam.core.events.DamEvent;
import org.thatdam.core.events.EventBus;
import org.thatdam.storage.FileNames;

/** Batches: named groups of assets (a grouping only; assets and files stay when one goes). */
public final class BatchService {

    private static final int MAX_BATCH_NAME = 200;

    private final Catalog catalog;
    private final Clock clock;
    private final EventBus events;
    private final AuditLog audit;

    public BatchService(Catalog catalog, Clock clock, EventBus events, AuditLog audit) {
        this.catalog = catalog;
        this.clock = clock;
        this.events = events;
        this.audit = audit;
    }

    public List<Batch> batches() {
        return catalog.read(s -> s.batches().list());
    }

    public Batch batch(String name) {
        return catalog.read(s -> s.batches().find(name)).orElseThrow(() -> DamException.notFound("no batch named '" + name + "'"));
    }

    /**
     * Puts every catalogued asset with a file under {@code folder} into batch {@code name} (made
     * when new); returns how many. Audited as the batch's creation by {@code by}.
     */
    public int assignBatch(Path folder, String name, Actor by) {
        String batch = validBatchName(name);
        String prefix = folderPrefix(folder);
        Set<Long> changed = catalog.write(s -> {
            audit.write(s, by, AuditAction.BATCH_CREATE, "batch " + batch, "folder " + prefix);
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
            AssetQuery q = new AssetQuery(name, null, null, AssetQuery.Sort.OLDEST, 10_000, offset);
            List<Asset> page = catalog.read(s -> s.assets().list(q));
            page.forEach(a -> ids.add(a.id()));
            if (page.size() < 10_000) return ids;
        }
    }

    public void renameBatch(String from, String to, Actor by) {
        String target = validBatchName(to);
        catalog.update(s -> {
            if (s.batches().find(target).isPresent()) {
                throw DamException.conflict("a batch named '" + target + "' already exists");
            }
            if (!s.batches().rename(from, target)) throw DamException.notFound("no batch named '" + from + "'");
            audit.write(s, by, AuditAction.BATCH_RENAME, "batch " + from, "to " + target);
        });
        idsInBatch(target).forEach(id -> events.publish(new DamEvent.AssetUpdated(id)));
    }

    /** Removes the grouping only: assets and files stay. */
    public void deleteBatch(String name, Actor by) {
        List<Long> members = idsInBatch(name);
        catalog.update(s -> {
            if (!s.batches().delete(name)) throw DamException.notFound("no batch named '" + name + "'");
            audit.write(s, by, AuditAction.BATCH_DELETE, "batch " + name, null);
        });
        members.forEach(id -> events.publish(new DamEvent.AssetUpdated(id)));
    }

    public static String validBatchName(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) throw DamException.invalid("batch name is empty");
        if (n.length() > MAX_BATCH_NAME) throw DamException.invalid("batch name is longer than " + MAX_BATCH_NAME + " characters");
        TextRules.check("batch name", n, false);
        return n;
    }

    private static String folderPrefix(Path folder) {
        String p = FileNames.text(RootService.realDirectory(folder));
        return p.endsWith("/") ? p : p + "/";
    }
}
