package org.thatdam.core.process;

import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.audit.AuditLog;
import org.thatdam.model.Actor;
import org.thatdam.model.DamException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.thatdam.storage.IoErrors;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.thatdam.catalog.Catalog;
import org.thatdam.model.Derivative;
import org.thatdam.core.json.Json;
import org.thatdam.core.derive.DerivativeFiles;
import org.thatdam.core.derive.SourceFile;

/**
 * The files processing modules make for an asset: each run writes into a folder of its own under
 * the asset's derivatives, and the catalog switches to the new rows in one transaction before the
 * previous run's files are removed, so a reader sees the old outputs or the new ones, never a mix.
 */
public final class ModuleOutputs {

    /** Families of derivative kinds: a motion run replaces every "motion…" row, a trim every "idle-…" row. */
    static final String MOTION = "motion";
    static final String IDLE = "idle";
    static final String FFMPEG = "ffmpeg";

    private final Catalog catalog;
    private final DerivativeFiles files;
    private final Clock clock;
    private final AuditLog audit;

    public ModuleOutputs(Catalog catalog, DerivativeFiles files, Clock clock, AuditLog audit) {
        this.catalog = catalog;
        this.files = files;
        this.clock = clock;
        this.audit = audit;
    }

    /** Kinds a module run made; users may delete these (posters, sprites and proxies are regenerated instead). */
    public static boolean isModuleOutput(String kind) {
        return inFamily(kind, MOTION) || inFamily(kind, IDLE) || inFamily(kind, FFMPEG);
    }

    static boolean inFamily(String kind, String family) {
        return kind.equals(family) || kind.startsWith(family + "-");
    }

    /** A fresh, empty folder for one run's outputs (what a killed earlier attempt left there is removed). */
    Path runDir(long assetId, String name) throws IOException {
        Path dir = files.dir(assetId).resolve(name);
        DerivativeFiles.deleteTree(dir);
        return Files.createDirectories(dir);
    }

    Derivative describe(SourceFile src, String kind, Path file, String detail) {
        return files.describe(src, kind, file, mimeOf(file), null, null, detail, Instant.now(clock));
    }

    Derivative describe(SourceFile src, String kind, Path file, Integer width, Integer height, String detail) {
        return files.describe(src, kind, file, mimeOf(file), width, height, detail, Instant.now(clock));
    }

    /** Writes a run's report as JSON (atomically) and describes it as derivative {@code kind}. */
    Derivative writeReport(SourceFile src, String kind, Path file, Object report, String detail) throws IOException {
        org.thatdam.storage.AtomicFiles.write(file, Json.mapper().writeValueAsBytes(report));
        return describe(src, kind, file, detail);
    }

    /** The JSON report a run stored as derivative {@code kind}, if there is one. */
    <T> Optional<T> report(long assetId, String kind, Class<T> type) {
        return catalog.read(s -> s.derivatives().find(assetId, kind)).map(d -> {
            try (var in = files.open(d.path())) {
                return Json.mapper().readValue(in, type);
            } catch (IOException e) {
                throw IoErrors.failure("the " + kind + " report of asset " + assetId + " cannot be read", e);
            }
        });
    }

    /** Swaps a family's rows for {@code fresh} in one transaction, then removes the files only the old rows used. */
    void replace(long assetId, String family, List<Derivative> fresh) {
        List<Derivative> old = catalog.write(s -> {
            List<Derivative> gone = new ArrayList<>();
            for (Derivative d : s.derivatives().forAsset(assetId)) {
                if (inFamily(d.kind(), family)) {
                    s.derivatives().delete(assetId, d.kind());
                    gone.add(d);
                }
            }
            fresh.forEach(s.derivatives()::put);
            return gone;
        });
        Set<String> kept = new HashSet<>();
        fresh.forEach(d -> kept.add(d.path()));
        removeFiles(assetId, old.stream().map(Derivative::path).filter(p -> !kept.contains(p)).toList());
    }

    void add(List<Derivative> fresh) {
        catalog.update(s -> fresh.forEach(s.derivatives()::put));
    }

    /** Deletes one module output (row and file), as asked by {@code by}. */
    public void delete(long assetId, String kind, Actor by) {
        if (!isModuleOutput(kind)) {
            throw DamException.invalid("'" + kind + "' is not a processing output; posters, sprites and proxies are"
                    + " made again with regenerate, not deleted");
        }
        Derivative d = catalog.write(s -> {
            Derivative found = s.derivatives().find(assetId, kind)
                    .orElseThrow(() -> DamException.notFound("asset " + assetId + " has no derivative '" + kind + "'"));
            s.derivatives().delete(assetId, kind);
            audit.write(s, by, AuditAction.DERIVATIVE_DELETE, "asset " + assetId, kind);
            return found;
        });
        removeFiles(assetId, List.of(d.path()));
    }

    /** Removes files (and the run folders they leave empty), only ever inside the asset's derivative folder. */
    private void removeFiles(long assetId, List<String> relativePaths) {
        Path assetDir = files.dir(assetId);
        for (String rel : relativePaths) {
            if (DerivativeFiles.ORIGINAL.equals(rel)) continue;
            Path f = files.resolve(rel);
            if (!f.startsWith(assetDir)) continue;
            try {
                files.delete(rel);
                Path parent = f.getParent();
                if (!parent.equals(assetDir) && parent.startsWith(assetDir) && Files.isDirectory(parent)) {
                    try (Stream<Path> left = Files.list(parent)) {
                        if (left.findAny().isEmpty()) Files.delete(parent);
                    }
                }
            } catch (IOException e) {
                throw IoErrors.failure("cannot remove the derivative file " + f, e);
            }
        }
    }

    static String mimeOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
            case "mp4", "m4v" -> "video/mp4";
            case "mov" -> "video/quicktime";
            case "mkv" -> "video/x-matroska";
            case "webm" -> "video/webm";
            case "gif" -> "image/gif";
            case "jpg", "jpeg" -> "image/jpeg";
            case "png" -> "image/png";
            case "apng" -> "image/apng";
            case "m4a" -> "audio/mp4";
            case "mp3" -> "audio/mpeg";
            case "wav" -> "audio/wav";
            case "flac" -> "audio/flac";
            case "ogg", "opus" -> "audio/ogg";
            case "aac" -> "audio/aac";
            case "json" -> "application/json";
            case "txt", "log" -> "text/plain";
            default -> "application/octet-stream";
        };
    }
}
