package org.thatdam.core.scenes;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.thatdam.catalog.Catalog;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.audit.AuditLog;
import org.thatdam.core.derive.DerivativeFiles;
import org.thatdam.core.jobs.JobHandler;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.model.Actor;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetKind;
import org.thatdam.model.AssetStatus;
import org.thatdam.model.DamException;
import org.thatdam.model.Scene;

/** A video's scenes, beats and keyframes: reading them, and analysing a video again (as a job). */
public final class SceneService {

    /** A scene with its beats, in order. */
    public record SceneNode(Scene scene, List<Scene> beats) {}

    private final Catalog catalog;
    private final DerivativeFiles files;
    private final Supplier<FfmpegTools> tools;
    private final Runnable signal;
    private final Clock clock;
    private final AuditLog audit;

    public SceneService(Catalog catalog, DerivativeFiles files, Supplier<FfmpegTools> tools, Runnable signal,
                        Clock clock, AuditLog audit) {
        this.catalog = catalog;
        this.files = files;
        this.tools = tools;
        this.signal = signal;
        this.clock = clock;
        this.audit = audit;
    }

    /** The {@code scenes} job's work. */
    public JobHandler handler() {
        return new SceneJob(catalog, files, tools, clock);
    }

    /** The asset's scenes (level 1) then beats (level 2); empty when it was not analysed (yet). */
    public List<Scene> list(long assetId) {
        return catalog.read(s -> {
            requireAsset(s.assets().find(assetId), assetId);
            return s.scenes().list(assetId);
        });
    }

    /** The asset's scenes, each with its beats. */
    public List<SceneNode> tree(long assetId) {
        return tree(list(assetId));
    }

    static List<SceneNode> tree(List<Scene> all) {
        Map<Long, List<Scene>> beats = new LinkedHashMap<>();
        List<Scene> scenes = new ArrayList<>();
        for (Scene s : all) {
            if (s.level() == Scene.SCENE) {
                scenes.add(s);
                beats.put(s.id(), new ArrayList<>());
            }
        }
        for (Scene s : all) {
            if (s.level() == Scene.BEAT && s.parentId() != null && beats.containsKey(s.parentId())) {
                beats.get(s.parentId()).add(s);
            }
        }
        return scenes.stream().map(s -> new SceneNode(s, List.copyOf(beats.get(s.id())))).toList();
    }

    /** One scene or beat of the asset. */
    public Scene get(long assetId, long sceneId) {
        return catalog.read(s -> s.scenes().get(sceneId)).filter(sc -> sc.assetId() == assetId).orElseThrow(
                () -> DamException.notFound("asset " + assetId + " has no scene " + sceneId));
    }

    /** The keyframe JPEG of a scene or beat of the asset, as a local file (fetched from a shared store when needed). */
    public Path keyframe(long assetId, long sceneId) {
        return files.local(keyframePath(assetId, sceneId));
    }

    /** The keyframe of a scene or beat of the asset as a derivative path (relative to the derivatives folder). */
    public String keyframePath(long assetId, long sceneId) {
        Scene sc = get(assetId, sceneId);
        if (sc.keyframe() == null) {
            throw DamException.notFound("scene " + sceneId + " has no keyframe");
        }
        Path dir = files.dir(assetId);
        Path file = dir.resolve(sc.keyframe()).normalize();
        boolean there = file.startsWith(dir) && (files.shared()
                ? files.stat(files.relative(file)).isPresent()
                : Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS));
        if (!there) {
            throw DamException.notFound("the keyframe of scene " + sceneId + " is not on disk; analyse the video again");
        }
        return files.relative(file);
    }

    /** Queues a new analysis of the asset's current version, as asked by {@code by}; returns the job id. */
    public long analyse(long assetId, Actor by) {
        long id = catalog.write(s -> {
            Asset a = requireAsset(s.assets().find(assetId), assetId);
            if (a.kind() != AssetKind.VIDEO) {
                throw DamException.invalid("asset " + assetId + " is " + a.kind().id() + ": only videos have scenes");
            }
            if (a.currentVersionId() == null) throw DamException.invalid("asset " + assetId + " has no content yet");
            if (a.status() == AssetStatus.FAILED) {
                throw DamException.conflict("asset " + assetId + " failed to probe: there is nothing to analyse;"
                        + " rescan it after fixing the file");
            }
            long job = s.jobs().enqueue(JobKind.SCENES.forVersion(assetId, a.currentVersionId()), clock.millis());
            audit.write(s, by, AuditAction.DERIVATIVE_REGENERATE, "asset " + assetId, "scenes, job " + job);
            return job;
        });
        signal.run();
        return id;
    }

    private static Asset requireAsset(java.util.Optional<Asset> a, long assetId) {
        return a.orElseThrow(() -> DamException.notFound("no asset with id " + assetId));
    }
}
