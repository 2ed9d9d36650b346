package org.thatdam.core.jobs;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.thatdam.model.AssetKind;
import org.thatdam.model.DamException;
import org.thatdam.model.NewJob;

/**
 * Every kind of background job, with everything the rest of the library derives from it: its
 * priority (lower runs first: what a user asked for and waits on before posters, sprites and
 * proxies), its attempts (work a user asked for runs once: a failure is reported, not retried
 * behind their back), how many run at once by default (config key {@code jobs.<id>}), and which
 * asset kinds get it planned for every new version, and its label for people. A kind's work is its {@link JobHandler}; the
 * engine refuses to start when a kind has none.
 */
public enum JobKind {
    POSTER("poster", "Poster", 10, 3, 2, "a poster", EnumSet.of(AssetKind.VIDEO, AssetKind.AUDIO, AssetKind.IMAGE)),
    SPRITE("sprite", "Sprite", 20, 3, 1, "trickplay sprites", EnumSet.of(AssetKind.VIDEO)),
    PROXY("proxy", "Proxy", 30, 3, 1, "a proxy", EnumSet.of(AssetKind.VIDEO, AssetKind.AUDIO)),
    FULL_HASH("full-hash", "Full hash", 40, 3, 1, "a full hash", EnumSet.allOf(AssetKind.class)),
    MOTION("motion", "Motion", 5, 1, 1, "a motion analysis", EnumSet.noneOf(AssetKind.class)),
    IDLE_TRIM("trim-idle", "Idle trim", 5, 1, 1, "an idle trim", EnumSet.noneOf(AssetKind.class)),
    FFMPEG("ffmpeg", "FFmpeg", 5, 1, 1, "an ffmpeg run", EnumSet.noneOf(AssetKind.class)),
    IMPORT("import", "Import", 5, 1, 1, "an import", EnumSet.noneOf(AssetKind.class)),
    VERIFY("verify", "Verify", 5, 1, 1, "a verification against an ASC MHL", EnumSet.noneOf(AssetKind.class)),
    BACKUP("backup", "Backup", 5, 1, 1, "a backup", EnumSet.noneOf(AssetKind.class)),
    BULK("bulk", "Bulk action", 5, 1, 1, "a bulk action", EnumSet.noneOf(AssetKind.class)),
    SCENES("scenes", "Scenes", 50, 2, 1, "scenes", EnumSet.of(AssetKind.VIDEO), true),
    OCR("ocr", "On-screen text", 55, 3, 1, "on-screen text", EnumSet.noneOf(AssetKind.class), true),
    EMBED("embed", "Embeddings", 60, 3, 1, "embeddings", EnumSet.allOf(AssetKind.class), true),
    FINGERPRINT("fingerprint", "Fingerprint", 65, 3, 1, "a fingerprint", EnumSet.of(AssetKind.VIDEO), true);

    private final String id;
    private final String label;
    private final int priority;
    private final int maxAttempts;
    private final int defaultConcurrency;
    private final String output;
    private final Set<AssetKind> planned;
    private final boolean semantic;

    JobKind(String id, String label, int priority, int maxAttempts, int defaultConcurrency, String output,
            Set<AssetKind> planned) {
        this(id, label, priority, maxAttempts, defaultConcurrency, output, planned, false);
    }

    JobKind(String id, String label, int priority, int maxAttempts, int defaultConcurrency, String output,
            Set<AssetKind> planned, boolean semantic) {
        this.semantic = semantic;
        this.id = id;
        this.label = label;
        this.priority = priority;
        this.maxAttempts = maxAttempts;
        this.defaultConcurrency = defaultConcurrency;
        this.output = output;
        this.planned = planned;
    }

    /** A job of this kind to enqueue, with this kind's priority and attempts. */
    public NewJob newJob(Long assetId, String params) {
        return new NewJob(id, assetId, params, priority, maxAttempts);
    }

    /** The name used in the catalog, the API and the CLI. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String id() { return id; }
    /** Its name for people, as the dashboard shows it ("Idle trim"). */
    public String label() { return label; }
    public int priority() { return priority; }
    public int maxAttempts() { return maxAttempts; }
    /** How many jobs of this kind one engine runs at once unless {@code jobs.<id>} says otherwise. */
    public int defaultConcurrency() { return defaultConcurrency; }
    /** What it makes, for messages ("nothing to make a poster from"). */
    public String output() { return output; }

    /** Whether every new version of an asset of this kind gets this job queued (derivatives and the full hash). */
    public boolean plannedFor(AssetKind kind) { return planned.contains(kind); }

    /** Whether it is planned for new versions of some kind of asset: the derivatives and the semantic analyses. */
    public boolean planned() { return !planned.isEmpty(); }

    /** Whether it is derivative work planned for new versions (as opposed to processing a user asks for). */
    public boolean derivative() { return !planned.isEmpty() && !semantic; }

    /**
     * Whether it is analysis for the semantic layer (scenes, on-screen text, embeddings…): planned for new versions
     * only while config {@code semantic.auto} is on, after the derivatives.
     */
    public boolean semantic() { return semantic; }

    /** Whether its output is written under the library's home (not the full hash, embeddings, fingerprints: catalog rows only). */
    public boolean writesFiles() { return this != FULL_HASH && this != EMBED && this != FINGERPRINT; }

    /** A derivative job for one version of an asset (its params name the version: "v=123"). */
    public NewJob forVersion(long assetId, long versionId) {
        return new NewJob(id, assetId, "v=" + versionId, priority, maxAttempts);
    }

    public static JobKind parse(String s) {
        for (JobKind k : values()) {
            if (k.id.equals(s.strip().toLowerCase(Locale.ROOT))) return k;
        }
        throw DamException.invalid("unknown job kind '" + s + "'");
    }
}
