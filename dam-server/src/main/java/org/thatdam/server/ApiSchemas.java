package org.thatdam.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON schemas of the API's bodies, for the OpenAPI document. */
final class ApiSchemas {

    private ApiSchemas() {}

    private static Map<String, Object> obj(Object... nameType) {
        Map<String, Object> props = new LinkedHashMap<>();
        for (int i = 0; i < nameType.length; i += 2) {
            Object t = nameType[i + 1];
            props.put((String) nameType[i], t instanceof String s ? type(s) : t);
        }
        return Map.of("type", "object", "properties", props);
    }

    private static Map<String, Object> type(String t) {
        return switch (t) {
            case "string?" -> Map.of("type", "string", "nullable", true);
            case "integer?" -> Map.of("type", "integer", "nullable", true);
            case "number?" -> Map.of("type", "number", "nullable", true);
            case "date-time" -> Map.of("type", "string", "format", "date-time");
            case "strings" -> Map.of("type", "array", "items", Map.of("type", "string"));
            default -> Map.of("type", t);
        };
    }

    private static Map<String, Object> ref(String name) {
        return Map.of("$ref", "#/components/schemas/" + name);
    }

    private static Map<String, Object> arrayOf(String name) {
        return Map.of("type", "array", "items", ref(name));
    }

    static Map<String, Object> all() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("Error", obj("error", obj("code", "string", "message", "string")));
        s.put("AssetSummary", obj("id", "integer", "path", "string?", "title", "string", "kind", "string",
                "status", "string", "error", "string?", "sizeBytes", "integer?", "durationSec", "number?",
                "width", "integer?", "height", "integer?", "fps", "number?", "videoCodec", "string?",
                "audioCodec", "string?", "container", "string?", "bitRate", "integer?", "batch", "string?",
                "capturedAt", Map.of("type", "string", "format", "date-time", "nullable", true),
                "captureSource", Map.of("type", "string", "nullable", true,
                        "enum", java.util.Arrays.asList("quicktime", "exif", "xmp", "filename", "mtime", null)),
                "addedAt", "date-time", "updatedAt", "date-time"));
        s.put("AssetPage", obj("total", "integer", "limit", "integer", "offset", "integer", "items", arrayOf("AssetSummary")));
        s.put("AssetDetails", Map.of("allOf", List.of(ref("AssetSummary"), obj("description", "string?", "tags", "strings",
                "posterPath", "string?", "spriteVttPath", "string?", "proxyPath", "string?",
                "streams", Map.of("type", "array", "items", Map.of("type", "object")),
                "locations", Map.of("type", "array", "items", Map.of("type", "object")),
                "versions", Map.of("type", "array", "items", Map.of("type", "object")),
                "derivatives", Map.of("type", "array", "items", Map.of("type", "object")),
                "jobs", arrayOf("Job")))));
        s.put("AssetPatch", obj("title", "string", "batch", "string", "tags", "strings", "description", "string"));
        s.put("Job", obj("id", "integer", "kind", "string", "assetId", "integer?", "state", "string",
                "progress", "number", "attempts", "integer", "maxAttempts", "integer", "error", "string?"));
        s.put("Batch", obj("id", "integer", "name", "string", "createdAt", "date-time", "assetCount", "integer",
                "totalBytes", "integer", "totalDurationSec", "number"));
        s.put("BatchCreate", obj("folder", "string", "name", "string"));
        s.put("BatchRename", obj("name", "string"));
        s.put("Root", obj("id", "integer", "path", "string", "addedAt", "date-time"));
        s.put("RootCreate", obj("path", "string"));
        s.put("RootAdded", obj("id", "integer", "path", "string", "addedAt", "date-time", "scanId", "string?"));
        s.put("PruneRequest", obj("dryRun", "boolean", "purge", "boolean"));
        s.put("PruneReport", obj("dryRun", "boolean", "purge", "boolean", "checked", "integer", "missingLocations", "integer",
                "missingAssets", "integer", "restoredLocations", "integer", "purgedAssets", "integer", "purgedLocations", "integer",
                "missingPaths", "strings", "unavailableRoots", "strings"));
        s.put("ScanRequest", obj("path", "string"));
        s.put("ScanStatus", obj("id", "string", "roots", "strings", "state", "string", "startedAt", "string?",
                "finishedAt", "string?", "progress", Map.of("type", "object", "nullable", true),
                "report", Map.of("type", "object", "nullable", true), "error", "string?"));
        s.put("SearchResult", obj("total", "integer", "items", Map.of("type", "array", "items", Map.of("type", "object")),
                "facets", Map.of("type", "object"), "tookMs", "integer"));
        s.put("Reindexed", obj("documents", "integer", "tookMs", "integer"));
        s.put("Stats", obj("assets", "integer", "bytes", "integer", "durationSec", "number", "locations", "integer",
                "byKind", Map.of("type", "array", "items", Map.of("type", "object")),
                "byStatus", Map.of("type", "array", "items", Map.of("type", "object")),
                "byCodec", Map.of("type", "array", "items", Map.of("type", "object")),
                "byBatch", Map.of("type", "array", "items", Map.of("type", "object")),
                "byMonth", Map.of("type", "array", "items", Map.of("type", "object"))));
        s.put("Timeline", obj("by", Map.of("type", "string", "enum", List.of("year", "month", "day")),
                "buckets", Map.of("type", "array", "items", obj("period", "string", "count", "integer",
                        "durationSec", "number"))));
        s.put("MotionRequest", obj("sensitivity", "number", "minSegmentSec", "number", "peakFrames", "integer", "clip", "boolean"));
        Map<String, Object> segment = obj("startSec", "number", "endSec", "number", "peakScore", "number", "peakSec", "number");
        s.put("MotionReport", obj("durationSec", "number", "motionSec", "number",
                "segments", Map.of("type", "array", "items", segment), "framesSaved", "integer", "frames", "strings",
                "clip", "string?", "sensitivity", "number", "minSegmentSec", "number", "analysisSec", "number",
                "timeline", obj("stepSec", "number", "scores", Map.of("type", "array", "items", Map.of("type", "number")))));
        s.put("TrimRequest", obj("noiseDb", "number", "minIdleSec", "number", "padSec", "number", "silence", "boolean",
                "dryRun", "boolean"));
        Map<String, Object> ranges = Map.of("type", "array", "items",
                Map.of("type", "array", "items", Map.of("type", "number"), "minItems", 2, "maxItems", 2));
        s.put("TrimReport", obj("inputSec", "number", "outputSec", "number", "kept", ranges, "removed", ranges,
                "output", "string?", "dryRun", "boolean", "noiseDb", "number", "minIdleSec", "number", "padSec", "number",
                "silence", "boolean", "detectSec", "number"));
        s.put("ConsoleRequest", obj("preset", "string", "params", Map.of("type", "object", "additionalProperties", Map.of("type", "string")),
                "args", "strings"));
        s.put("ConsoleRun", obj("id", "integer", "assetId", "integer?", "sourcePath", "string", "preset", "string?",
                "tokens", "strings", "display", "string", "state", "string", "jobId", "integer?", "exitCode", "integer?",
                "durationMs", "integer?", "outputs", "strings", "message", "string?", "stderrTail", "string?",
                "createdAt", "date-time", "finishedAt", "string?"));
        return s;
    }
}
