package org.thatdam.server;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import org.thatdam.core.Dam;
import org.thatdam.core.config.DamConfig;
import org.thatdam.core.derive.DerivativeFiles;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.model.DamException;
import org.thatdam.model.Derivative;
import org.thatdam.server.api.DownloadNames;
import org.thatdam.storage.objects.LocalObjectStore;
import org.thatdam.storage.objects.ObjectStore;

/**
 * Sends the library's own files (derivatives) from wherever {@code storage.url} keeps them: a file of the
 * home or of a shared folder ({@link FileResponder}), or an object of a bucket, streamed by us
 * ({@code storage.serve = proxy}) or fetched by the browser itself from a short-lived presigned URL
 * ({@code presigned}). Callers have made their access checks before.
 */
final class StoredFiles {

    /** How long a presigned URL lets its holder read the object. */
    static final Duration PRESIGNED_TTL = Duration.ofMinutes(15);

    private StoredFiles() {}

    /** Sends derivative {@code dv} of {@code d}: its stored file, or the original when it stands in for a proxy. */
    static void send(Context ctx, Dam dam, AssetDetails d, Derivative dv) throws IOException {
        if (DerivativeFiles.ORIGINAL.equals(dv.path())) {
            Path file = dam.assets().servedPath(d, dv);
            FileResponder.send(ctx, file, dv.mime(), DownloadNames.of(d).derivative(dv, file));
            return;
        }
        send(ctx, dam, dv.path(), dv.mime(), DownloadNames.of(d).derivative(dv, dam.assets().path(d, dv)));
    }

    /** Sends the derivative file at {@code relative} (a path as the catalog keeps it) under the name {@code fileName}. */
    static void send(Context ctx, Dam dam, String relative, String contentType, String fileName) throws IOException {
        DerivativeFiles files = dam.derivatives();
        if (!files.shared()) {
            FileResponder.send(ctx, files.resolve(relative), contentType, fileName);
            return;
        }
        String key = files.key(relative);
        ObjectStore store = files.store();
        if (store instanceof LocalObjectStore folder) {
            FileResponder.send(ctx, folder.file(key), contentType, fileName);
            return;
        }
        if (dam.config().storage().serve() == DamConfig.ServeMode.PRESIGNED) {
            Optional<URI> url = store.stat(key).isPresent() ? store.presign(key, PRESIGNED_TTL) : Optional.empty();
            if (url.isPresent()) {
                ctx.header("Cache-Control", "private, no-store"); // the URL expires; the route is asked again
                ctx.redirect(url.get().toString(), HttpStatus.FOUND);
                return;
            }
        }
        FileResponder.send(ctx, store, key, contentType, fileName);
    }

    /** The bytes of a small derivative file (a sprite's WebVTT track), as text. */
    static String text(Dam dam, String relative) {
        try (var in = dam.derivatives().open(relative)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw DamException.notFound("the file " + relative + " cannot be read");
        } catch (DamException e) {
            // the store's own words name its bucket and address: for the log, not for every viewer
            LoggerFactory.getLogger(StoredFiles.class).warn("cannot read {}: {}", relative, e.getMessage());
            throw DamException.notFound("the file is gone from the store");
        }
    }
}
