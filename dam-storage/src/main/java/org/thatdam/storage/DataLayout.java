package org.thatdam.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the library keeps its own data under {@code $DAM_HOME}: the catalog database, the search
 * index, derivatives (sharded by asset id so no directory grows huge), upload staging and logs.
 * Users' originals live wherever they are and are never under here unless copy-imported.
 */
public record DataLayout(Path home) {

    public DataLayout {
        home = home.toAbsolutePath().normalize();
    }

    public Path catalogDb() { return home.resolve("catalog.db"); }
    public Path indexDir() { return home.resolve("index"); }
    public Path derivativesDir() { return home.resolve("derivatives"); }
    public Path uploadsDir() { return home.resolve("uploads"); }
    public Path logsDir() { return home.resolve("logs"); }
    /** Where the running server says how to reach it (pid, address); present while it runs. */
    public Path serverJson() { return home.resolve("server.json"); }
    /** Held locked by the running server for its lifetime: at most one server per library. */
    public Path serverLock() { return home.resolve("server.lock"); }
    /** Results of processing files that are not in the catalog (their derivatives have no asset to belong to). */
    public Path exportsDir() { return home.resolve("exports"); }

    /** {@code derivatives/ab/cd/<id>/}: two levels of 256 shards from a mix of the id. */
    public Path derivativeDir(long assetId) {
        long mixed = Long.rotateLeft(assetId * 0x9E3779B97F4A7C15L, 17);
        String a = String.format("%02x", (mixed >>> 8) & 0xff);
        String b = String.format("%02x", mixed & 0xff);
        return derivativesDir().resolve(a).resolve(b).resolve(Long.toString(assetId));
    }

    public DataLayout create() throws IOException {
        for (Path p : new Path[] {home, indexDir(), derivativesDir(), uploadsDir(), logsDir()}) {
            Files.createDirectories(p);
        }
        return this;
    }
}
