package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.cli.LauncherScriptTest.Run;

/**
 * What the launcher remembers between starts (scripts/env.sh): the Java it found is asked again when
 * the remembered one is gone or changed, and the class-data archive only ever speeds a start up:
 * made in the background, used when whole, skipped silently when damaged or impossible to write.
 * The archive cases run a one-class jar, so they cost a JVM start each and one training run.
 */
class LauncherCachesTest {

    @TempDir Path tmp;
    Path cache;

    @BeforeEach
    void setUp() throws IOException {
        cache = Files.createDirectories(tmp.resolve("cache"));
    }

    @Test
    void theRememberedJavaIsAskedAgainWhenItIsGoneOrChanged() throws Exception {
        Path fake = fakeJava(tmp.resolve("fake/bin/java"), 30);
        assertThat(findJava(fake)).isEqualTo("30 " + fake);
        Path remembered = cache.resolve("that-dam-toolbox/java");
        assertThat(Files.readAllLines(remembered)).contains(fake.toString(), "30");

        // while the same java is there unchanged, the remembered answer is used without asking it
        Files.writeString(remembered, Files.readString(remembered).replace("\n30\n", "\n29\n"));
        assertThat(findJava(fake)).isEqualTo("29 " + fake);

        // a changed installation (another size or time) is asked again
        fakeJava(fake, 31);
        assertThat(findJava(fake)).isEqualTo("31 " + fake);

        // a remembered java that is gone: the search starts again and finds a real one
        Files.delete(fake);
        String found = findJava(fake);
        assertThat(Integer.parseInt(found.split(" ")[0])).isBetween(21, 29);
        assertThat(Files.readAllLines(remembered)).doesNotContain(fake.toString());

        // other candidates (here $DAM_JAVA) are another question, not the remembered answer
        Path other = fakeJava(tmp.resolve("other/bin/java"), 32);
        assertThat(findJava(other)).isEqualTo("32 " + other);
    }

    @Test
    void theArchiveIsMadeInTheBackgroundAndThenMapped() throws Exception {
        Path jar = helloJar(tmp.resolve("app"));
        Run first = launch(jar, "", "");
        assertThat(first.output()).isEqualTo("hello\n");
        Path archive = awaitArchive(jar.getParent());
        assertThat(archive.getFileName().toString()).startsWith("dam-").endsWith(archiveSuffix());

        Run second = launch(jar, "", "-Xlog:class+load");
        assertThat(second.code()).isZero();
        assertThat(second.output()).contains("org.thatdam.cli.LauncherHello source: shared objects file").endsWith("hello\n");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30)); // the maker ends just after the rename
        java.util.List<String> left;
        do {
            try (Stream<Path> files = Files.list(jar.getParent())) {
                left = files.map(p -> p.getFileName().toString()).sorted().toList();
            }
        } while (left.size() > 2 && Instant.now().isBefore(deadline) && pause());
        assertThat(left).as("no lock or half-made file left").containsExactly(archive.getFileName().toString(), "dam.jar");
    }

    @Test
    void aDamagedArchiveNeverFailsAStart() throws Exception {
        Path jar = helloJar(tmp.resolve("app"));
        launch(jar, "", "");
        Path archive = awaitArchive(jar.getParent());
        byte[] whole = Files.readAllBytes(archive);

        Files.write(archive, java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThat(launch(jar, "", "")).isEqualTo(new Run(0, "hello\n"));

        byte[] garbage = whole.clone();
        for (int i = 0; i < garbage.length; i += 7) garbage[i] ^= 0x5a;
        Files.write(archive, garbage);
        assertThat(launch(jar, "", "")).isEqualTo(new Run(0, "hello\n"));

        Files.write(archive, new byte[0]);
        assertThat(launch(jar, "", "")).isEqualTo(new Run(0, "hello\n"));
    }

    @Test
    void withoutAWritableFolderTheArchiveGoesToTheCacheFolderOrIsLeftOut() throws Exception {
        // root may write anywhere: the folders are then made read-only for an unprivileged user
        String asUser = "";
        if ("root".equals(System.getProperty("user.name"))) {
            assumeThat(Path.of("/usr/bin/setpriv")).as("setpriv, to run as nobody").isExecutable();
            asUser = "setpriv --reuid=nobody --regid=nogroup --clear-groups ";
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path jar = helloJar(tmp.resolve("app"));
        Files.setPosixFilePermissions(jar.getParent(), PosixFilePermissions.fromString("r-xr-xr-x"));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThat(launch(jar, asUser, "")).isEqualTo(new Run(0, "hello\n"));
        awaitArchive(cache.resolve("that-dam-toolbox"));
        assertThat(launch(jar, asUser, "-Xlog:class+load").output()).contains("LauncherHello source: shared objects file");

        Path none = Files.createDirectories(tmp.resolve("readonly-cache"));
        Files.setPosixFilePermissions(none, PosixFilePermissions.fromString("r-xr-xr-x"));
        cache = none;
        for (int i = 0; i < 2; i++) {
            assertThat(launch(jar, asUser, "")).isEqualTo(new Run(0, "hello\n"));
        }
    }

    /** find_java with $DAM_JAVA and the cache folder of this test: "MAJOR PATH". */
    private String findJava(Path damJava) throws Exception {
        Run r = LauncherScriptTest.bash(env() + "export DAM_JAVA='" + damJava + "'; find_java; echo \"$JAVA_MAJOR $JAVA\"");
        assertThat(r.code()).as(r.output()).isZero();
        return r.output().strip();
    }

    /**
     * ./dam's start of {@code jar}: the launcher's flags and archive, then the jar itself with
     * {@code extraFlags}; stdout and stderr together, so anything the JVM says about the archive shows.
     */
    private Run launch(Path jar, String asUser, String extraFlags) throws Exception {
        String script = env() + "find_java; jvm_flags; use_startup_cache '" + jar + "' org.thatdam.cli.LauncherHello; "
                + "exec \"$JAVA\" \"${JVM_FLAGS[@]}\" " + extraFlags + " -jar '" + jar + "'";
        if (asUser.isEmpty()) return LauncherScriptTest.bash(script);
        Path file = tmp.resolve("launch.sh");
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return LauncherScriptTest.bash(asUser + "bash " + file);
    }

    private String env() {
        return "set -euo pipefail; export HOME='" + tmp + "' XDG_CACHE_HOME='" + cache + "'; source '"
                + LauncherScriptTest.ENV_SH + "'; ";
    }

    /** The archive the background training makes in {@code dir}, once it is there (at most two minutes). */
    private static Path awaitArchive(Path dir) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            try (Stream<Path> files = Files.list(dir)) {
                var done = files.filter(p -> p.getFileName().toString().endsWith(archiveSuffix())).findFirst();
                if (done.isPresent()) return done.get(); // renamed into place when complete
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no archive in " + dir + " after two minutes");
    }

    private static boolean pause() throws InterruptedException {
        Thread.sleep(100);
        return true;
    }

    private static String archiveSuffix() {
        return Runtime.version().feature() >= 25 ? ".aot" : ".jsa";
    }

    /** A jar of {@link LauncherHello} alone, in {@code dir}. */
    private static Path helloJar(Path dir) throws IOException {
        Files.createDirectories(dir);
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LauncherHello.class.getName());
        Path jar = dir.resolve("dam.jar");
        String entry = LauncherHello.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m);
                InputStream in = LauncherHello.class.getClassLoader().getResourceAsStream(entry)) {
            j.putNextEntry(new JarEntry(entry));
            in.transferTo(j);
            j.closeEntry();
        }
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        return jar;
    }

    /** A stand-in java that answers the version question with {@code major}. */
    private static Path fakeJava(Path file, int major) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n# " + "x".repeat(major) + "\necho '    java.specification.version = " + major
                + "' >&2\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
