package org.thatdam.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The standard tools the bench compares against, found on PATH ({@code bench/run} installs the
 * Debian packages first when it may). A missing tool is skipped, and the table and JSON say so.
 */
final class Peers {

    /** A peer: its executable (null when missing), its version, and the Debian package that has it. */
    record Peer(String name, String debianPackage, Path executable, String version) {
        boolean present() {
            return executable != null;
        }

        String skipReason() {
            return "skipped: " + name + " not installed (Debian package " + debianPackage + ")";
        }

        String exe() {
            return executable.toString();
        }
    }

    final Peer exiftool = find("exiftool", "libimage-exiftool-perl", List.of("-ver"));
    final Peer mediainfo = find("mediainfo", "mediainfo", List.of("--Version"));
    final Peer thumbnailer = find("ffmpegthumbnailer", "ffmpegthumbnailer", List.of("-v"));
    /** The reference implementation's command line; it prints no version, so the package's is asked. */
    final Peer argon2 = find("argon2", "argon2", null);
    /** Reads the catalog the way the command line's list, show and search do, without a JVM. */
    final Peer sqlite3 = find("sqlite3", "sqlite3", List.of("-version"));
    /** Sends the upload bench's bytes in one request; its version line is long, so the package's is asked. */
    final Peer curl = find("curl", "curl", null);
    /** Hashes copies the way offload tools verify them (xxh64); prints its version only on stderr, so the package's is asked. */
    final Peer xxhsum = find("xxhsum", "xxhash", null);
    /** Reads the text of a picture (on-screen text); prints its version on the first line of --version. */
    final Peer tesseract = find("tesseract", "tesseract-ocr", null);

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Peer p : List.of(exiftool, mediainfo, thumbnailer, argon2, sqlite3, curl, xxhsum, tesseract)) {
            m.put(p.name(), p.present() ? p.version() : "not installed (" + p.debianPackage() + ")");
        }
        return m;
    }

    private static Peer find(String name, String pkg, List<String> versionArgs) {
        Path exe = onPath(name);
        if (exe == null) return new Peer(name, pkg, null, null);
        String version;
        try {
            List<String> args = new java.util.ArrayList<>(versionArgs == null
                    ? List.of("dpkg-query", "-W", "-f=${Version}", pkg) : List.of(exe.toString()));
            if (versionArgs != null) args.addAll(versionArgs);
            // ffmpegthumbnailer -v prints "ffmpegthumbnailer version: 2.2.2"; mediainfo two lines, the last has it.
            String out = Cmd.run(args, Duration.ofSeconds(20)).text().strip();
            String[] lines = out.split("\n");
            version = lines[lines.length - 1].replaceFirst("^.*?(?:version:?|- v)\\s*", "").strip();
        } catch (RuntimeException e) {
            version = "unknown (" + e.getMessage() + ")";
        }
        return new Peer(name, pkg, exe, version);
    }

    private static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }
}
