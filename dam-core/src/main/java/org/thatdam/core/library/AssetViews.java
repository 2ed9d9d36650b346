package org.thatdam.core.library;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetVersion;
import org.thatdam.model.Location;
import org.thatdam.model.MediaInfo;

/**
 * The JSON shapes of assets, shared by the CLI's --json output and the HTTP API so they never
 * drift apart. Field names are camelCase; absent values are null, not missing.
 */
public final class AssetViews {

    private AssetViews() {}

    /** The flat summary used by lists: id, path, kind, status, sizes, codecs, batch… */
    public static Map<String, Object> summary(Asset a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("path", a.path());
        m.put("title", a.title());
        m.put("kind", a.kind());
        m.put("status", a.status());
        m.put("error", a.error());
        m.put("sizeBytes", a.sizeBytes());
        m.put("durationSec", a.durationSec());
        m.put("width", a.width());
        m.put("height", a.height());
        m.put("fps", a.fps());
        m.put("videoCodec", a.videoCodec());
        m.put("audioCodec", a.audioCodec());
        m.put("container", a.container());
        m.put("bitRate", a.bitRate());
        m.put("batch", a.batch());
        m.put("capturedAt", a.capturedAt());
        m.put("captureSource", a.captureSource());
        m.put("addedAt", a.addedAt());
        m.put("updatedAt", a.updatedAt());
        return m;
    }

    /**
     * Everything about one asset: the summary plus metadata, streams, locations, versions,
     * derivative files (posterPath, spriteVttPath, proxyPath; null until made) and jobs.
     */
    public static Map<String, Object> details(AssetDetails d, java.util.function.Function<org.thatdam.model.Derivative, java.nio.file.Path> files) {
        Map<String, Object> m = summary(d.asset());
        m.put("description", d.description());
        m.put("tags", d.tags());
        m.put("posterPath", d.derivative("poster-large").map(files).map(Object::toString).orElse(null));
        m.put("posterSmallPath", d.derivative("poster-small").map(files).map(Object::toString).orElse(null));
        m.put("spriteVttPath", d.derivative("sprite").map(files).map(Object::toString).orElse(null));
        m.put("proxyPath", d.derivative("proxy").map(files).map(Object::toString).orElse(null));
        AssetVersion current = d.current();
        if (current != null) {
            m.put("quickHash", current.quickHash());
            m.put("fullHash", current.fullHash());
            putMetadata(m, current.media());
        }
        m.put("locations", d.locations().stream().map(AssetViews::location).toList());
        m.put("versions", d.versions().stream().map(AssetViews::version).toList());
        m.put("derivatives", d.derivatives().stream().map(dv -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("kind", dv.kind());
            x.put("path", files.apply(dv).toString());
            x.put("mime", dv.mime());
            x.put("sizeBytes", dv.sizeBytes());
            x.put("width", dv.width());
            x.put("height", dv.height());
            x.put("detail", dv.detail());
            x.put("stale", d.asset().currentVersionId() == null || dv.versionId() != d.asset().currentVersionId());
            x.put("createdAt", dv.createdAt());
            return x;
        }).toList());
        m.put("jobs", d.jobs().stream().map(AssetViews::job).toList());
        return m;
    }

    public static Map<String, Object> job(org.thatdam.model.Job j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", j.id());
        m.put("kind", j.kind());
        m.put("assetId", j.assetId());
        m.put("state", j.state());
        m.put("progress", j.progress());
        m.put("attempts", j.attempts());
        m.put("maxAttempts", j.maxAttempts());
        m.put("error", j.error());
        m.put("createdAt", j.createdAt());
        m.put("startedAt", j.startedAt());
        m.put("finishedAt", j.finishedAt());
        return m;
    }

    public static Map<String, Object> location(Location l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", l.path());
        m.put("sizeBytes", l.sizeBytes());
        m.put("modifiedAt", java.time.Instant.ofEpochMilli(l.mtimeMillis()));
        m.put("missing", l.missing());
        m.put("firstSeen", l.firstSeen());
        m.put("lastSeen", l.lastSeen());
        return m;
    }

    public static Map<String, Object> version(AssetVersion v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("versionNo", v.versionNo());
        m.put("sizeBytes", v.sizeBytes());
        m.put("capturedAt", v.media().capturedAt());
        m.put("captureSource", v.media().captureSource());
        m.put("quickHash", v.quickHash());
        m.put("fullHash", v.fullHash());
        m.put("createdAt", v.createdAt());
        m.put("error", v.error());
        m.put("durationSec", v.media().durationSec());
        m.put("width", v.media().width());
        m.put("height", v.media().height());
        m.put("videoCodec", v.media().videoCodec());
        m.put("audioCodec", v.media().audioCodec());
        return m;
    }

    /** Probe output for one file that is not (necessarily) catalogued. */
    public static Map<String, Object> media(String path, MediaInfo mi) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path);
        m.put("kind", mi.kind());
        m.put("container", mi.container());
        m.put("durationSec", mi.durationSec());
        m.put("bitRate", mi.bitRate());
        m.put("width", mi.width());
        m.put("height", mi.height());
        m.put("fps", mi.fps());
        m.put("videoCodec", mi.videoCodec());
        m.put("audioCodec", mi.audioCodec());
        m.put("capturedAt", mi.capturedAt());
        m.put("captureSource", mi.captureSource());
        putMetadata(m, mi);
        return m;
    }

    /** The descriptive metadata beyond the summary: orientation, dates, place, camera, tags, streams. */
    private static void putMetadata(Map<String, Object> m, MediaInfo mi) {
        m.put("rotation", mi.rotation());
        m.put("creationTime", mi.creationTime());
        m.put("timecode", mi.timecode());
        m.put("gps", mi.gpsLatitude() == null ? null : Map.of("latitude", mi.gpsLatitude(), "longitude", mi.gpsLongitude()));
        m.put("cameraMake", mi.cameraMake());
        m.put("cameraModel", mi.cameraModel());
        m.put("titleTag", mi.titleTag());
        m.put("commentTag", mi.commentTag());
        m.put("streams", mi.streams());
    }

    /** Column order for CSV dumps: the summary fields. */
    public static List<String> summaryColumns() {
        return List.copyOf(summary(new Asset(0, org.thatdam.model.AssetKind.OTHER, "", null,
                org.thatdam.model.AssetStatus.OK, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null)).keySet());
    }
}
