package org.thatdam.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tus.java.client.TusURLStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;
import org.thatdam.core.json.Json;
import org.thatdam.model.DamException;
import org.thatdam.storage.AtomicFiles;

/**
 * What {@code dam upload} remembers between runs, so that running the same command again resumes
 * each unfinished file at the server's offset and skips the finished ones: per upload fingerprint
 * (server, absolute path, size, modification time) the upload's URL on the server and, once it is
 * done, what it became. One small JSON file per upload, written atomically and readable by its
 * owner only (an upload URL is as good as a key to that upload). Entries untouched for a month go.
 */
final class UploadStateStore implements TusURLStore {

    private static final Duration KEEP = Duration.ofDays(30);

    /** What a finished upload became (the server's answer), kept so a second run can report it without sending. */
    record Finished(String state, Long assetId, Long duplicateOf, String path) {}

    private final Path dir;

    UploadStateStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw DamException.unavailable("cannot use " + dir + " to remember uploads (" + e.getMessage() + ")", e);
        }
        forgetOld();
    }

    /** {@code $XDG_CACHE_HOME/that-dam-toolbox/uploads}, else {@code ~/.cache/that-dam-toolbox/uploads}. */
    static Path defaultDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("that-dam-toolbox").resolve("uploads");
    }

    Path dir() {
        return dir;
    }

    @Override
    public void set(String fingerprint, URL url) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("fingerprint", fingerprint);
        n.put("url", url.toString());
        write(fingerprint, n);
    }

    @Override
    public URL get(String fingerprint) {
        return read(fingerprint).map(n -> n.path("url").asText(null)).map(UploadStateStore::url).orElse(null);
    }

    @Override
    public void remove(String fingerprint) {
        try {
            Files.deleteIfExists(file(fingerprint));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Marks the upload done with what it became; the URL stays for reference. */
    void finish(String fingerprint, Finished result) {
        ObjectNode n = read(fingerprint).map(j -> (ObjectNode) j).orElseGet(() -> {
            ObjectNode o = Json.mapper().createObjectNode();
            o.put("fingerprint", fingerprint);
            return o;
        });
        n.set("finished", Json.mapper().valueToTree(result));
        write(fingerprint, n);
    }

    Optional<Finished> finished(String fingerprint) {
        return read(fingerprint).map(n -> n.get("finished")).filter(JsonNode::isObject).map(f -> {
            try {
                return Json.mapper().treeToValue(f, Finished.class);
            } catch (IOException e) {
                return null; // an entry of another version: upload again rather than guess
            }
        });
    }

    private Optional<JsonNode> read(String fingerprint) {
        Path f = file(fingerprint);
        try {
            if (!Files.isRegularFile(f)) return Optional.empty();
            JsonNode n = Json.mapper().readTree(Files.readAllBytes(f));
            // a hash collision or a foreign file: not ours
            return n != null && fingerprint.equals(n.path("fingerprint").asText(null)) ? Optional.of(n) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // damaged: the upload starts over, which is always safe
        }
    }

    private void write(String fingerprint, JsonNode n) {
        try {
            AtomicFiles.writePrivate(file(fingerprint), Json.mapper().writeValueAsBytes(n));
        } catch (IOException e) {
            throw DamException.unavailable("cannot remember the upload in " + dir + " (" + e.getMessage() + ")", e);
        }
    }

    private Path file(String fingerprint) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(fingerprint.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(h, 0, 16) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java", e);
        }
    }

    private static URL url(String s) {
        try {
            return URI.create(s).toURL();
        } catch (IllegalArgumentException | MalformedURLException e) {
            return null;
        }
    }

    private void forgetOld() {
        FileTime before = FileTime.from(Instant.now().minus(KEEP));
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                if (Files.getLastModifiedTime(p).compareTo(before) < 0) Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // only housekeeping: a stale entry costs a few bytes
        }
    }
}
