package org.thatdam.core.capture;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import org.thatdam.core.json.Json;
import org.thatdam.model.DamException;
import org.thatdam.storage.AtomicFiles;

/**
 * Network sources' credentials ({@code user:password} by source id), in a file only this user may read
 * ({@code <home>/secrets/capture-sources.json}, 0600, replaced atomically): never in the catalog, a
 * dump, a response, a log line or an event.
 */
final class CaptureSecrets {

    private final Path file;

    CaptureSecrets(Path home) {
        this.file = home.resolve("secrets").resolve("capture-sources.json");
    }

    Path file() {
        return file;
    }

    synchronized String get(String id) {
        return read().get(id);
    }

    synchronized void put(String id, String userInfo) {
        Map<String, String> all = read();
        if (userInfo == null) {
            if (all.remove(id) == null) return;
        } else {
            all.put(id, userInfo);
        }
        write(all);
    }

    private Map<String, String> read() {
        if (!Files.exists(file)) return new TreeMap<>();
        try {
            return new TreeMap<>(Json.mapper().readValue(file.toFile(), new TypeReference<Map<String, String>>() {}));
        } catch (IOException e) {
            // the message names the file, never its content
            throw DamException.unavailable("the network sources' credentials in " + file + " cannot be read; "
                    + "fix or remove that file and add the sources again", null);
        }
    }

    private void write(Map<String, String> all) {
        try {
            Path dir = file.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                }
            }
            AtomicFiles.writePrivate(file, Json.mapper().writeValueAsBytes(all));
        } catch (IOException e) {
            throw DamException.unavailable("cannot save the network sources' credentials in " + file, null);
        }
    }
}
