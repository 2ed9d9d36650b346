package org.thatdam.catalog.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.AssetQuery;

/**
 * The SQLite library is unpacked once per user and loaded from there by later starts, which then
 * never ask the system what it is (the driver's OSInfo starts a process for that); a damaged copy
 * only sends the driver back to unpacking. Each start is a JVM of its own with its own cache folder.
 */
class SqliteNativeLibraryTest {

    @TempDir Path tmp;

    @Test
    void theUnpackedLibraryIsKeptAndLoadedFromTheCacheFolder() throws Exception {
        Path cache = tmp.resolve("cache");
        Start first = start(cache);
        assertThat(first.output()).contains("assets 0");
        assertThat(first.classes()).contains("org.sqlite.util.OSInfo ");
        Path kept;
        try (var dirs = Files.list(cache.resolve("that-dam-toolbox"))) {
            kept = dirs.filter(d -> d.getFileName().toString().startsWith("sqlite-")).findFirst().orElseThrow();
        }
        Path lib = kept.resolve(System.mapLibraryName("sqlitejdbc"));
        assertThat(lib).isRegularFile();

        Start second = start(cache);
        assertThat(second.output()).contains("assets 0");
        assertThat(second.classes()).as("the system is not asked what it is").doesNotContain("org.sqlite.util.OSInfo ");

        Files.write(lib, new byte[] {1, 2, 3});
        Start damaged = start(cache);
        assertThat(damaged.output()).contains("assets 0");
        assertThat(damaged.classes()).contains("org.sqlite.util.OSInfo ");
    }

    record Start(String output, String classes) {}

    /** A JVM that opens a catalog with {@code cache} as its cache folder and counts its assets. */
    private Start start(Path cache) throws Exception {
        Path classes = Files.createTempFile(tmp, "classes", ".txt");
        Path db = tmp.resolve("catalog.db");
        ProcessBuilder pb = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-Xlog:class+load:file=" + classes,
                // a short-lived child: the client compiler and the serial collector start it faster
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Child.class.getName(), db.toString())).redirectErrorStream(true);
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return new Start(out, Files.readString(classes));
    }

    /** Opens the catalog {@code args[0]} and prints how many assets it has. */
    public static final class Child {
        public static void main(String[] args) {
            try (SqliteCatalog c = SqliteCatalog.open(Path.of(args[0]))) {
                System.out.println("assets " + c.read(s -> s.assets().count(AssetQuery.all(1))));
            }
        }
    }
}
