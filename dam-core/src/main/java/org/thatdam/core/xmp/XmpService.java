package org.thatdam.core.xmp;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.CatalogSession;
import org.thatdam.catalog.XmpRepository.SidecarStamp;
import org.thatdam.catalog.XmpRepository.Sync;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.audit.AuditLog;
import org.thatdam.core.json.Json;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.core.library.AssetPatch;
import org.thatdam.core.library.AssetService;
import org.thatdam.core.scan.XmpHook;
import org.thatdam.media.xmp.EmbeddedXmp;
import org.thatdam.media.xmp.Sidecars;
import org.thatdam.media.xmp.Xmp;
import org.thatdam.media.xmp.XmpMarker;
import org.thatdam.media.xmp.XmpValues;
import org.thatdam.model.Actor;
import org.thatdam.model.AssetKind;
import org.thatdam.model.DamException;
import org.thatdam.model.Location;
import org.thatdam.model.Principal;
import org.thatdam.model.Role;
import org.thatdam.storage.AtomicFiles;
import org.thatdam.storage.FileNames;
import org.thatdam.storage.FileStamp;
import org.thatdam.storage.IoErrors;

/**
 * Keeps assets and their XMP in step. At scan time it applies a new asset's sidecar (or, without
 * one, the XMP embedded in the file) and a sidecar that changed since it was last read; with
 * {@code xmp.write-sidecars} it writes every edit to the sidecar beside the original (never into
 * the original). Both directions are three-way merges against the values both sides last agreed
 * on: a field changed on one side only is taken from that side; a field changed on both is a
 * conflict, won by the newer side (the sidecar's modification time against the edit's time),
 * reported in the audit log and in {@link #status}. Changes to assets go through
 * {@link AssetService#update} as {@link #ACTOR}, so they are validated and audited like any edit.
 */
public final class XmpService {

    private static final Logger LOG = LoggerFactory.getLogger(XmpService.class);

    /** Who the audit log names for changes read from XMP. */
    public static final Actor ACTOR = new Actor(new Principal("xmp", Role.EDITOR, Principal.Via.COMMAND_LINE, null), null);

    private final Catalog catalog;
    private final AssetService assets;
    private final AuditLog audit;
    private final Clock clock;
    private final boolean writeSidecars;

    public XmpService(Catalog catalog, AssetService assets, AuditLog audit, Clock clock, boolean writeSidecars) {
        this.catalog = catalog;
        this.assets = assets;
        this.audit = audit;
        this.clock = clock;
        this.writeSidecars = writeSidecars;
        assets.onEdit(this::edited);
    }

    /** Whether edits are written to sidecars. */
    public boolean writesSidecars() {
        return writeSidecars;
    }

    /** What a scan calls. */
    public XmpHook scanHook() {
        return new XmpHook() {
            @Override
            public String assetAdded(long assetId, Path file, AssetKind kind) {
                return XmpService.this.assetAdded(assetId, file);
            }

            @Override
            public String locationAdded(Path file) {
                return XmpService.this.locationAdded(file);
            }

            @Override
            public String sidecarSeen(Path sidecar, FileStamp stamp) {
                return XmpService.this.sidecarSeen(sidecar, stamp);
            }
        };
    }

    // ---- reading

    /** Applies a new asset's sidecar, else its embedded XMP; a problem for the scan report, or null. */
    synchronized String assetAdded(long assetId, Path media) {
        Optional<Path> sidecar = Sidecars.find(media);
        if (sidecar.isPresent()) {
            try {
                return read(assetId, sidecar.get(), FileStamp.of(sidecar.get()));
            } catch (IOException e) {
                return failed(assetId, sidecar.get(), null, "cannot read the sidecar: " + IoErrors.describe(e));
            }
        }
        try {
            Optional<byte[]> packet = EmbeddedXmp.find(media);
            if (packet.isEmpty()) return null;
            return apply(assetId, "embedded", null, null, packet.get());
        } catch (IOException e) {
            return null; // the file could not be read: the scan reports that itself
        } catch (DamException e) {
            return failed(assetId, null, null, "embedded XMP: " + e.getMessage());
        }
    }

    /** A new location of a catalogued asset: its sidecar, if any, as if the scan walked past it now. */
    String locationAdded(Path media) {
        Optional<Path> sidecar = Sidecars.find(media);
        if (sidecar.isEmpty()) return null;
        FileStamp stamp;
        try {
            stamp = FileStamp.of(sidecar.get());
        } catch (IOException e) {
            return null; // gone meanwhile: nothing to apply
        }
        return sidecarSeen(sidecar.get(), stamp);
    }

    /**
     * A sidecar the scan walked past: applied to the assets it belongs to when it is new to them or
     * changed since it was last read or written for them (same size, time and inode: not even opened).
     * The stamp is kept per sidecar, not per asset: each copy of a clip may have a sidecar of its own.
     */
    synchronized String sidecarSeen(Path sidecar, FileStamp stamp) {
        String path = FileNames.text(sidecar);
        List<SidecarStamp> known = catalog.read(s -> s.xmp().sidecarStamps(path));
        List<Long> targets = new ArrayList<>();
        for (SidecarStamp k : known) {
            if (!stamp.sameAs(k.sizeBytes(), k.mtimeMillis(), k.inode())) targets.add(k.assetId());
        }
        if (known.isEmpty()) targets.addAll(assetsOf(sidecar));
        String problem = null;
        for (long id : targets) {
            String p = read(id, sidecar, stamp);
            if (p != null) problem = p;
        }
        return problem;
    }

    /** The catalogued assets whose winning sidecar this is (clip.xmp: clip.mov, clip.wav …; clip.mov.xmp: clip.mov). */
    private List<Long> assetsOf(Path sidecar) {
        String text = FileNames.text(sidecar); // the exact name: toString() may not be the file's bytes
        String baseText = text.substring(0, text.length() - 4);
        Path base = FileNames.path(baseText);
        Map<Path, Long> byPath = new LinkedHashMap<>();
        catalog.read(s -> {
            s.assets().locationByPath(baseText).ifPresent(l -> byPath.put(base, l.assetId()));
            s.assets().forEachLocationUnder(baseText + ".", l -> {
                if (!l.missing() && l.path().indexOf('/', baseText.length()) < 0) byPath.put(FileNames.path(l.path()), l.assetId());
            });
            return null;
        });
        return Sidecars.mediaOf(sidecar, List.copyOf(byPath.keySet())).stream().map(byPath::get).distinct().toList();
    }

    /** Reads a sidecar and applies it, unless its content is what was last read or written. */
    private String read(long assetId, Path sidecar, FileStamp stamp) {
        byte[] bytes;
        try {
            bytes = Sidecars.read(sidecar);
        } catch (IOException e) {
            return failed(assetId, sidecar, stamp, "cannot read the sidecar: " + IoErrors.describe(e));
        } catch (DamException e) {
            return failed(assetId, sidecar, stamp, e.getMessage());
        }
        Optional<Sync> row = catalog.read(s -> s.xmp().find(assetId));
        String hash = sha256(bytes);
        if (row.isPresent() && hash.equals(row.get().hash()) && row.get().error() == null) {
            Sync r = row.get(); // touched, not changed: remember the new stamp so the next scan skips it
            catalog.update(s -> {
                s.xmp().put(new Sync(assetId, r.source(), FileNames.text(sidecar), stamp.sizeBytes(),
                        stamp.mtimeMillis(), hash, r.valuesJson(), r.extraJson(), r.syncedAt(), null, r.conflictsJson()));
                putStamp(s, assetId, sidecar, stamp);
            });
            return null;
        }
        return apply(assetId, "sidecar", sidecar, stamp, bytes);
    }

    /** Merges a packet's values into the asset; records what was agreed on (or what went wrong). */
    private String apply(long assetId, String source, Path sidecar, FileStamp stamp, byte[] bytes) {
        String what = sidecar == null ? "the embedded XMP" : FileNames.displayName(sidecar);
        try {
            XmpValues v = Xmp.read(bytes, what);
            XmpFields file = XmpFields.of(v);
            Optional<AssetDetails> d = assets.details(assetId);
            if (d.isEmpty()) return null; // forgotten meanwhile
            Optional<Sync> row = catalog.read(s -> s.xmp().find(assetId));
            XmpFields base = row.map(r -> fields(r.valuesJson())).orElse(null);
            long fileTime = stamp == null ? 0 : stamp.mtimeMillis();
            Merge m = merge(file, base, XmpFields.of(d.get()), fileTime, d.get().asset().updatedAt().toEpochMilli(), Set.of());
            Allowed a = allowed(m.patch());
            if (a.changes()) assets.update(assetId, a.patch(), ACTOR);
            // What was agreed on leaves the refused keywords out, as the catalog does.
            XmpFields agreed = a.refused() == null ? file
                    : new XmpFields(file.title(), file.description(), a.kept(), file.rating(), file.label());
            record(assetId, source, sidecar, stamp, sha256(bytes), agreed, v, m.conflicts(), a.refused());
            if (writeSidecars && sidecar != null && m.conflicts().stream().anyMatch(c -> c.kept().equals("catalog"))) {
                write(assetId, clock.instant(), Set.of());
            }
            return a.refused() == null ? null : what + ": " + a.refused();
        } catch (DamException e) {
            return failed(assetId, sidecar, stamp, e.getMessage());
        }
    }

    // ---- writing

    /**
     * After every edit of what XMP carries (except edits read from XMP): the sidecar follows, when
     * write-back is on. A favourite or batch change alone writes nothing: XMP has no place for them.
     */
    private void edited(long assetId, AssetPatch patch, Actor by) {
        if (!writeSidecars || ACTOR.equals(by)) return;
        if (patch.title().isEmpty() && patch.description().isEmpty() && patch.tags().isEmpty() && patch.rating().isEmpty()
                && patch.label().isEmpty()) return;
        try {
            write(assetId, clock.instant(), edits(patch));
        } catch (RuntimeException e) {
            // The edit itself is committed; a failed write-back is recorded, never the edit's failure.
            LOG.warn("writing the sidecar of asset {} failed", assetId, e);
        }
    }

    /**
     * Writes the asset's sidecar now (merging outside changes first), whether or not write-back is
     * on; audited. A failure to write is in the returned status, not thrown.
     */
    public XmpStatus write(long assetId, Actor by) {
        AssetDetails d = assets.details(assetId).orElseThrow(() -> DamException.notFound("no asset with id " + assetId));
        write(assetId, d.asset().updatedAt(), Set.of());
        XmpStatus s = status(assetId);
        audit.record(by.principal(), AuditAction.XMP_WRITE, "asset " + assetId, s.error() == null ? s.sidecar() : "failed: " + s.error(),
                by.address());
        return s;
    }

    /**
     * Writes the catalog's values into the sidecar, keeping every other property of an existing one.
     * If the sidecar changed since it was last read or written, its changes are merged first.
     *
     * @param editTime when the catalog's values were last edited (a conflict's newer side wins)
     * @param edited   the fields the edit that calls for this write changed (none for a write asked for)
     */
    private synchronized void write(long assetId, Instant editTime, Set<String> edited) {
        Optional<AssetDetails> details = assets.details(assetId);
        if (details.isEmpty()) return;
        Optional<Sync> row = catalog.read(s -> s.xmp().find(assetId));
        Optional<Path> media = details.get().locations().stream().filter(l -> !l.missing()).map(Location::path)
                .map(FileNames::path).findFirst();
        // The media file's own sidecar as things stand now: a clip.xmp that another file beside it
        // (clip.wav) has made shared is no longer written; the last one used only when the original is gone.
        Path sidecar = media.map(m -> Sidecars.find(m).orElseGet(() -> Sidecars.newSidecar(m, details.get().asset().kind())))
                .or(() -> row.filter(r -> r.path() != null).map(r -> FileNames.path(r.path()))
                        .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)))
                .orElse(null);
        if (sidecar == null) {
            failed(assetId, null, null, "cannot write a sidecar: the original file is missing");
            return;
        }
        try {
            byte[] existing = null;
            List<XmpConflict> conflicts = List.of();
            String refused = null;
            XmpFields base = row.map(r -> fields(r.valuesJson())).orElse(null);
            XmpValues read = XmpValues.none();
            String name = FileNames.displayName(sidecar);
            if (Files.isRegularFile(sidecar, LinkOption.NOFOLLOW_LINKS)) {
                byte[] bytes = Sidecars.read(sidecar);
                FileStamp stamp = FileStamp.of(sidecar);
                existing = bytes;
                read = Xmp.read(bytes, name);
                boolean changedOutside = row.isEmpty() || !sha256(bytes).equals(row.get().hash());
                if (changedOutside) {
                    Merge m = merge(XmpFields.of(read), base, XmpFields.of(details.get()), stamp.mtimeMillis(),
                            editTime.toEpochMilli(), edited);
                    Allowed a = allowed(m.patch());
                    if (a.changes()) assets.update(assetId, a.patch(), ACTOR);
                    conflicts = m.conflicts();
                    refused = a.refused();
                }
            }
            XmpFields now = XmpFields.of(assets.details(assetId).orElseThrow());
            byte[] out = Xmp.write(existing, name, now.title(), now.description(), now.tags(), now.rating(), now.label());
            AtomicFiles.writeUserFile(sidecar, o -> o.write(out));
            record(assetId, "sidecar", sidecar, FileStamp.of(sidecar), sha256(out), now, read, conflicts, refused);
        } catch (IOException e) {
            failed(assetId, sidecar, null, "cannot write the sidecar " + FileNames.text(sidecar) + ": " + IoErrors.describe(e));
        } catch (DamException e) {
            failed(assetId, sidecar, null, e.getMessage());
        } catch (RuntimeException e) {
            if (IoErrors.isDiskFull(e)) throw e;
            LOG.warn("writing the sidecar of asset {} failed", assetId, e);
            failed(assetId, sidecar, null, "cannot write the sidecar " + FileNames.text(sidecar) + ": an internal error (see the log)");
        }
    }

    // ---- state

    public XmpStatus status(long assetId) {
        AssetDetails d = assets.details(assetId).orElseThrow(() -> DamException.notFound("no asset with id " + assetId));
        Optional<Sync> row = catalog.read(s -> s.xmp().find(assetId));
        Optional<Path> media = d.locations().stream().filter(l -> !l.missing()).map(l -> FileNames.path(l.path())).findFirst();
        String sidecar = row.map(Sync::path)
                .or(() -> media.map(m -> Sidecars.find(m).orElse(Sidecars.newSidecar(m, d.asset().kind()))).map(FileNames::text))
                .orElse(null);
        Extra extra = row.map(r -> r.extraJson() == null ? null : decode(r.extraJson(), new TypeReference<Extra>() {}))
                .orElse(new Extra(null, List.of()));
        List<XmpConflict> conflicts = row.map(r -> r.conflictsJson() == null ? List.<XmpConflict>of()
                : decode(r.conflictsJson(), new TypeReference<List<XmpConflict>>() {})).orElse(List.of());
        return new XmpStatus(assetId, row.map(Sync::source).orElse("none"), sidecar,
                row.filter(r -> r.syncedAt() > 0).map(r -> Instant.ofEpochMilli(r.syncedAt())).orElse(null),
                row.map(Sync::error).orElse(null), conflicts, extra.logComment(),
                extra.markers() == null ? List.of() : extra.markers(), writeSidecars);
    }

    // ---- merging

    record Merge(AssetPatch patch, boolean changes, List<XmpConflict> conflicts) {}

    /**
     * What of {@code file} goes into the catalog. Without a base (first read) every field the file
     * sets wins, except those of {@code edited}: the edit just made is not undone by a file never
     * agreed on, and where the file says otherwise it is a conflict kept by the catalog. With a
     * base, a field the file changed since the base is taken, unless the catalog changed it too
     * (then the newer side wins, and it is a conflict).
     */
    static Merge merge(XmpFields file, XmpFields base, XmpFields catalog, long fileMillis, long catalogMillis,
                       Set<String> edited) {
        AssetPatch patch = AssetPatch.none();
        boolean changes = false;
        List<XmpConflict> conflicts = new ArrayList<>();
        for (String f : XmpFields.NAMES) {
            if (f.equals("title") && file.title() == null) continue;
            boolean take;
            if (base == null && edited.contains(f)) {
                take = false;
                if (file.says(f) && !file.same(f, catalog)) {
                    conflicts.add(new XmpConflict(f, show(catalog.get(f)), show(file.get(f)), "catalog"));
                }
            } else if (base == null) {
                take = file.says(f) && !file.same(f, catalog);
            } else if (file.same(f, base) || file.same(f, catalog)) {
                take = false;
            } else if (catalog.same(f, base)) {
                take = true;
            } else {
                take = fileMillis > catalogMillis;
                conflicts.add(new XmpConflict(f, show(catalog.get(f)), show(file.get(f)), take ? "sidecar" : "catalog"));
            }
            if (take) {
                patch = set(patch, f, file);
                changes = true;
            }
        }
        return new Merge(patch, changes, List.copyOf(conflicts));
    }

    /**
     * A patch read from XMP as the vocabulary allows it: the tags it kept, and what it refused
     * (null: nothing).
     */
    record Allowed(AssetPatch patch, List<String> kept, String refused) {
        boolean changes() {
            return !patch.equals(AssetPatch.none());
        }
    }

    /**
     * Leaves out the tags the vocabulary refuses (when it is restricted), one by one, so that one
     * unknown keyword does not cost the sidecar's other changes; the refusals are the XMP error.
     * When none is left the catalog's tags stay as they are.
     */
    private Allowed allowed(AssetPatch patch) {
        if (patch.tags().isEmpty()) return new Allowed(patch, List.of(), null);
        java.util.function.UnaryOperator<List<String>> rule = assets.tagRule();
        List<String> kept = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (String tag : patch.tags().get()) {
            try {
                rule.apply(List.of(tag));
                kept.add(tag);
            } catch (DamException e) {
                refused.add(e.getMessage());
            }
        }
        return refused.isEmpty() ? new Allowed(patch, kept, null)
                : new Allowed(patch.withTags(kept.isEmpty() ? null : kept), kept, "keywords left out: " + String.join("; ", refused));
    }

    /** The XMP fields an edit changed. */
    private static Set<String> edits(AssetPatch p) {
        Set<String> out = new java.util.HashSet<>();
        if (p.title().isPresent()) out.add("title");
        if (p.description().isPresent()) out.add("description");
        if (p.tags().isPresent()) out.add("tags");
        if (p.rating().isPresent()) out.add("rating");
        if (p.label().isPresent()) out.add("label");
        return out;
    }

    private static AssetPatch set(AssetPatch p, String field, XmpFields v) {
        return switch (field) {
            case "title" -> p.withTitle(v.title());
            case "description" -> p.withDescription(v.description());
            case "tags" -> p.withTags(v.tags());
            case "rating" -> p.withRating(v.rating());
            case "label" -> p.withLabel(v.label());
            default -> p;
        };
    }

    private static String show(Object v) {
        return v instanceof List<?> l ? String.join(", ", l.stream().map(String::valueOf).toList()) : String.valueOf(v);
    }

    // ---- the sync table

    /** What a sidecar or packet says beyond the five shared fields, kept for showing. */
    record Extra(String logComment, List<XmpMarker> markers) {}

    private void record(long assetId, String source, Path sidecar, FileStamp stamp, String hash, XmpFields agreed,
                        XmpValues read, List<XmpConflict> conflicts, String error) {
        long now = clock.millis();
        catalog.update(s -> {
            s.xmp().put(new Sync(assetId, source, sidecar == null ? null : FileNames.text(sidecar),
                    stamp == null ? null : stamp.sizeBytes(), stamp == null ? null : stamp.mtimeMillis(), hash,
                    Json.text(agreed), Json.text(new Extra(read.logComment().orElse(null), read.markers())), now, error,
                    conflicts.isEmpty() ? null : Json.text(conflicts)));
            putStamp(s, assetId, sidecar, stamp);
            if (!conflicts.isEmpty()) {
                audit.write(s, ACTOR, AuditAction.XMP_CONFLICT, "asset " + assetId, conflicts.stream()
                        .map(c -> c.field() + " (kept the " + c.kept() + "'s)").reduce((a, b) -> a + ", " + b).orElse(""));
            }
        });
    }

    /**
     * Records a failure and returns it for the scan report. The sidecar's stamp is kept, so the same
     * broken file is not read again on every scan; once it changes it is.
     */
    private String failed(long assetId, Path sidecar, FileStamp stamp, String error) {
        String message = (sidecar == null ? "" : FileNames.displayName(sidecar) + ": ") + error;
        try {
            catalog.update(s -> {
                Optional<Sync> row = s.xmp().find(assetId);
                if (row.isPresent() && stamp == null) {
                    s.xmp().setError(assetId, error);
                } else {
                    Sync r = row.orElse(null);
                    s.xmp().put(new Sync(assetId, sidecar == null ? "embedded" : "sidecar",
                            sidecar == null ? (r == null ? null : r.path()) : FileNames.text(sidecar),
                            stamp == null ? null : stamp.sizeBytes(), stamp == null ? null : stamp.mtimeMillis(),
                            r == null ? null : r.hash(), r == null ? "null" : r.valuesJson(), r == null ? null : r.extraJson(),
                            r == null ? 0 : r.syncedAt(), error, r == null ? null : r.conflictsJson()));
                    putStamp(s, assetId, sidecar, stamp);
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("cannot record the XMP failure of asset {}", assetId, e);
        }
        return message;
    }

    /** Remembers the stamp a sidecar had when it was read or written for an asset (nothing for embedded XMP). */
    private static void putStamp(CatalogSession s, long assetId, Path sidecar, FileStamp stamp) {
        if (sidecar == null || stamp == null) return;
        s.xmp().putSidecarStamp(new SidecarStamp(FileNames.text(sidecar), assetId, stamp.sizeBytes(),
                stamp.mtimeMillis(), stamp.inode()));
    }

    private static XmpFields fields(String json) {
        return json == null || json.equals("null") ? null : decode(json, new TypeReference<XmpFields>() {});
    }

    private static <T> T decode(String json, TypeReference<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new DamException(org.thatdam.model.ErrorCode.INTERNAL, "the catalog's XMP record cannot be read", e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
