package org.thatdam.core.derive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.thatdam.storage.IoErrors;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.thatdam.model.Derivative;
import org.thatdam.storage.DataLayout;

/** Where an asset's derivatives live on disk, and their removal when the asset is forgotten. */
public final class DerivativeFiles {

    /** Derivative rows whose file is the original itself (already browser-playable). */
    public static final String ORIGINAL = "@original";

    private final DataLayout layout;

    public DerivativeFiles(DataLayout layout) {
        this.layout = layout;
    }

    public Path dir(long assetId) {
        return layout.derivativeDir(assetId);
    }

    /** The absolute file of a derivative path as stored (relative to the derivatives root). */
    public Path resolve(String relative) {
        Path p = layout.derivativesDir().resolve(relative).normalize();
        if (!p.startsWith(layout.derivativesDir())) {
            throw new IllegalArgumentException("derivative path escapes the derivatives folder: " + relative);
        }
        return p;
    }

    /** The catalog row for a file just made from {@code src}, sized from disk. */
    public Derivative describe(SourceFile src, String kind, Path file, String mime, Integer width, Integer height,
                               String detail, Instant at) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw IoErrors.failure("the derivative " + file + " just made cannot be read", e);
        }
        return new Derivative(src.asset().id(), kind, src.version().id(), relative(file), mime, size, width, height,
                detail, at);
    }

    public String relative(Path file) {
        return layout.derivativesDir().relativize(file.toAbsolutePath().normalize()).toString();
    }

    /** Deletes the asset's derivative folder (only ever inside the derivatives root). */
    public void deleteAll(long assetId) {
        Path dir = dir(assetId);
        if (!dir.startsWith(layout.derivativesDir())) return;
        try {
            deleteTree(dir);
        } catch (IOException e) {
            throw IoErrors.failure("cannot remove derivatives of asset " + assetId, e);
        }
    }

    /** Deletes a folder of ours and everything in it (symlinks are removed, never followed). */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
