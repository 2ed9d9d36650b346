package org.thatdam.core.process;

import org.thatdam.model.DamException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.thatdam.catalog.CatalogSession;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.audit.AuditLog;
import org.thatdam.model.Actor;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetKind;
import org.thatdam.model.AssetStatus;
import org.thatdam.catalog.Catalog;
import org.thatdam.model.Job;
import org.thatdam.core.json.Json;
import org.thatdam.core.derive.SourceFile;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.jobs.PermanentJobException;

/**
 * A processing job's params: the asset version it was asked for and the request, as JSON. The same
 * request on the same version is queued once (the job's dedupe key is built from its params).
 */
public final class JobRequests {

    private final Catalog catalog;
    private final Runnable signalJobs;
    private final java.time.Clock clock;
    private final AuditLog audit;

    /** {@code signalJobs} wakes this process's job engine (if it runs one) to pick up what was queued. */
    public JobRequests(Catalog catalog, Runnable signalJobs, java.time.Clock clock, AuditLog audit) {
        this.catalog = catalog;
        this.audit = audit;
        this.signalJobs = signalJobs;
        this.clock = clock;
    }

    /**
     * Enqueues {@code kind} for the asset's current version, if it is one of {@code kinds}; returns the
     * job id. The request is audited as {@code action} by {@code by}, in the same transaction.
     */
    long enqueue(JobKind kind, Set<AssetKind> kinds, long assetId, Object request, AuditAction action, Actor by) {
        long now = clock.millis();
        long id = catalog.write(s -> {
            Asset a = workable(s, kind, kinds, assetId);
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("version", a.currentVersionId());
            params.put("request", request);
            long job = s.jobs().enqueue(kind.newJob(assetId, Json.text(params)), now);
            audit.write(s, by, action, "asset " + assetId, "job " + job);
            return job;
        });
        signalJobs.run();
        return id;
    }

    void signal() {
        signalJobs.run();
    }

    /** The asset, when {@code kind} can work on it: one of {@code kinds}, with readable content. */
    static Asset workable(CatalogSession s, JobKind kind, Set<AssetKind> kinds, long assetId) {
        Asset a = s.assets().find(assetId).orElseThrow(() -> DamException.notFound("no asset with id " + assetId));
        if (!kinds.contains(a.kind())) {
            List<String> names = kinds.stream().map(AssetKind::id).sorted().toList();
            String list = names.size() == 1 ? names.get(0)
                    : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
            throw DamException.invalid(kind.id() + " works on " + list + ", and asset " + assetId + " is "
                    + a.kind().id());
        }
        if (a.currentVersionId() == null || a.status() == AssetStatus.FAILED) {
            throw DamException.invalid("asset " + assetId + " has no readable content");
        }
        return a;
    }

    static <T> T request(Job job, Class<T> type) {
        try {
            return Json.mapper().treeToValue(tree(job).path("request"), type);
        } catch (JsonProcessingException e) {
            throw new PermanentJobException("job " + job.id() + " has unreadable params: " + e.getOriginalMessage(), e);
        }
    }

    /** The file to work on: the version the job was asked for, still current and on disk unchanged. */
    SourceFile source(Job job) {
        if (job.assetId() == null) throw new PermanentJobException(job.kind() + " job without an asset");
        long version = tree(job).path("version").asLong(-1);
        return SourceFile.load(catalog, job.assetId(), version).orElseThrow(() -> new PermanentJobException(
                "asset " + job.assetId() + " has new content since this was asked for; run it again"));
    }

    private static JsonNode tree(Job job) {
        try {
            return Json.mapper().readTree(job.params());
        } catch (JsonProcessingException e) {
            throw new PermanentJobException("job " + job.id() + " has unreadable params: " + e.getOriginalMessage(), e);
        }
    }

}
