package org.thatdam.cli;

import io.tus.java.client.ProtocolException;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.thatdam.core.scan.ScanWalker;
import org.thatdam.core.upload.UploadChecksum;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.storage.DataLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import org.thatdam.cli.format.Units;

@Command(name = "upload", description = {
        "Send files or folders to a server with resumable (tus) uploads.",
        "Sub-folders are kept; the server catalogues each file at once.",
        "Hidden folders and OS clutter (.DS_Store, ._*, Thumbs.db, desktop.ini) are skipped. Running the same command again "
                + "resumes each unfinished file at the server's offset and skips the finished ones.",
        "Without --server, the server running on this library (--home) is used."})
final class UploadCommand implements Callable<Integer> {

    private static final int FIRST_REQUEST = 4 << 20;
    private static final int MIN_REQUEST = 256 << 10;

    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE|DIR", arity = "1..*", description = "Files and folders to send.")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--server", paramLabel = "URL", description = "The server, e.g. https://dam.example.org (with the key of --api-key-file or $DAM_API_KEY).")
    String server;

    @Option(names = "--api-key-file", paramLabel = "FILE", description = "A file holding the API key to send (default: $DAM_API_KEY). Needs the editor role.")
    Path keyFile;

    @Option(names = "--batch", paramLabel = "NAME", description = "Batch of the new assets.")
    String batch;

    @Option(names = "--folder", paramLabel = "PATH", description = "Where on the server the files go: a library root or a folder inside one (default: the upload root's dated folder).")
    String folder;

    @Option(names = "--chunk-size", paramLabel = "SIZE", defaultValue = "64m",
            description = "Most bytes per request, e.g. 512k, 8m (default: ${DEFAULT-VALUE}); requests start at 4 MiB and grow while they "
                    + "take under a second. An interrupted request is sent again whole.")
    String chunkSize;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "5",
            description = "Times a file is resumed after a network error in one run, waiting 1, 2, 4 … s (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--json", description = "Print the results as JSON.")
    boolean json;

    /** A file to send; {@code relativePath} (under a folder given, its own name first) keeps the sub-folders. */
    record LocalFile(Path path, String relativePath, long size, long modified) {
        String name() {
            return relativePath != null ? relativePath : path.getFileName().toString();
        }
    }

    /** One file's outcome: uploaded, duplicate, received (kept, not catalogued), already-uploaded or failed. */
    record FileResult(String file, String relativePath, long size, String outcome, Long assetId, Long duplicateOf,
                      String serverPath, Long resumedAt, String error, String serverName) {}

    record Summary(List<FileResult> files, int uploaded, int duplicates, int alreadyUploaded, int failed, long bytesSent,
                   double seconds, double megabytesPerSecond) {}

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public Integer call() throws Exception {
        if (keyFile != null && server == null) throw DamException.invalid("--api-key-file goes with --server URL");
        if (retries < 0 || retries > 100) throw DamException.invalid("--retries: expected 0 to 100, got " + retries);
        int payload = payloadSize(chunkSize);
        List<LocalFile> files = collect(paths);
        UploadTarget target = server != null ? UploadTarget.remote(server, keyFile)
                : UploadTarget.local(new DataLayout(CliContext.clientConfig(GlobalOptions.effective(spec.commandLine())).home()), err());
        UploadClient client = new UploadClient(target);
        UploadStateStore store = new UploadStateStore(UploadStateStore.defaultDir());
        client.enableResuming(store);

        UploadClient.Capabilities caps;
        try {
            caps = client.capabilities();
        } catch (IOException e) {
            throw unreachable(target, e);
        }
        long total = files.stream().mapToLong(LocalFile::size).sum();
        List<FileResult> results = new ArrayList<>();
        DamException firstFailure = null;
        String firstFailed = null;
        try (UploadProgress progress = new UploadProgress(err(), !json && ProgressLine.onTerminal(), total);
             Interruption ignored = new Interruption(progress, err())) {
            Sender sender = new Sender(target, client, store, caps, payload, progress);
            for (LocalFile f : files) {
                FileResult r;
                try {
                    r = sender.send(f);
                } catch (DamException e) {
                    if (e.code() == ErrorCode.UNAVAILABLE || e.code() == ErrorCode.UNAUTHORIZED || e.code() == ErrorCode.FORBIDDEN) {
                        throw e; // the server, not this file: the next files would fail the same way
                    }
                    if (firstFailure == null) {
                        firstFailure = e;
                        firstFailed = f.name();
                    }
                    r = new FileResult(f.path().toString(), f.relativePath(), f.size(), "failed", null, null, null, null, e.getMessage(), null);
                }
                results.add(r);
                if (!json) progress.println(out(), line(f, r));
            }
            Summary s = summary(results, progress.bytesSent(), progress.seconds());
            if (json) {
                Output.json(out(), s);
            } else {
                progress.println(out(), String.format(Locale.ROOT, "%d uploaded, %d duplicate(s), %d already uploaded, %d failed; sent %s in %s (%s/s)",
                        s.uploaded(), s.duplicates(), s.alreadyUploaded(), s.failed(), Units.bytes(s.bytesSent()),
                        Units.longDuration(s.seconds()), Units.bytes((long) (s.bytesSent() / Math.max(0.001, s.seconds())))));
            }
        }
        out().flush();
        if (firstFailure != null) {
            throw new DamException(firstFailure.code(), results.stream().filter(r -> r.outcome().equals("failed")).count()
                    + " of " + results.size() + " file(s) failed; " + Units.clean(firstFailed) + ": " + firstFailure.getMessage());
        }
        return 0;
    }

    /**
     * While files are sent, a stop by Ctrl-C or SIGTERM ends the progress line and says how to go on
     * (what the server has is kept; the next run resumes at its offset).
     */
    private static final class Interruption implements AutoCloseable {
        private final Thread hook;

        Interruption(UploadProgress progress, PrintWriter err) {
            hook = new Thread(() -> {
                progress.close();
                err.println("dam: interrupted; run the same command again to resume");
                err.flush();
            }, "upload-interrupted");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        @Override
        public void close() {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already: the hook runs
            }
        }
    }

    private static String line(LocalFile f, FileResult r) {
        String name = Units.clean(f.name());
        String resumed = r.resumedAt() != null && r.resumedAt() > 0 ? " (resumed at " + Units.bytes(r.resumedAt()) + ")" : "";
        String stored = r.serverName() != null && !r.serverName().equals(f.path().getFileName().toString())
                ? " (stored as " + Units.clean(r.serverName()) + ")" : "";
        return switch (r.outcome()) {
            case "uploaded" -> "uploaded " + name + " → asset " + r.assetId() + stored
                    + (r.error() != null ? " (not readable as media: " + Units.clean(r.error()) + ")" : "") + resumed;
            case "duplicate" -> "uploaded " + name + " → duplicate of asset " + r.duplicateOf() + resumed;
            case "received" -> "uploaded " + name + " → kept as " + Units.clean(String.valueOf(r.serverPath())) + ", not catalogued" + resumed;
            case "already-uploaded" -> "already uploaded " + name + (r.duplicateOf() != null ? " → duplicate of asset " + r.duplicateOf()
                    : r.assetId() != null ? " → asset " + r.assetId() : "");
            default -> "failed " + name + ": " + r.error();
        };
    }

    private static Summary summary(List<FileResult> results, long sent, double secs) {
        int up = 0, dup = 0, already = 0, failed = 0;
        for (FileResult r : results) {
            switch (r.outcome()) {
                case "uploaded", "received" -> up++;
                case "duplicate" -> dup++;
                case "already-uploaded" -> already++;
                default -> failed++;
            }
        }
        double mbps = secs > 0 ? Math.round(sent / secs / 1e5) / 10.0 : 0;
        return new Summary(results, up, dup, already, failed, sent, Math.round(secs * 1000) / 1000.0, mbps);
    }

    private static DamException unreachable(UploadTarget target, IOException e) {
        String why = e instanceof java.net.ConnectException ? "connection refused"
                : e instanceof java.net.SocketTimeoutException ? "timed out"
                : e instanceof javax.net.ssl.SSLException ? "TLS failed: " + e.getMessage()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return DamException.unavailable("cannot reach " + target.baseUrl() + " (" + why + ")", e);
    }

    /** {@code 512k}, {@code 8m} or bytes: 64 KiB to 256 MiB (a request's bytes are held in memory). */
    static int payloadSize(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        long unit = t.endsWith("k") ? 1 << 10 : t.endsWith("m") ? 1 << 20 : 1;
        if (unit > 1) t = t.substring(0, t.length() - 1);
        long v;
        try {
            v = Long.parseLong(t) * unit;
        } catch (NumberFormatException e) {
            throw DamException.invalid("--chunk-size: expected a size like 512k or 8m, got " + Units.clean(s));
        }
        if (v < 64 << 10 || v > 256 << 20) throw DamException.invalid("--chunk-size: expected 64k to 256m, got " + Units.clean(s));
        return (int) v;
    }

    /** The files to send: files as given, folders walked (links not followed, hidden folders and clutter skipped). */
    static List<LocalFile> collect(List<Path> paths) throws IOException {
        Map<Path, LocalFile> files = new LinkedHashMap<>();
        for (Path given : paths) {
            Path p = given.toAbsolutePath().normalize();
            if (Files.isRegularFile(p)) {
                Path real = p.toRealPath();
                BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
                files.putIfAbsent(real, new LocalFile(real, null, a.size(), a.lastModifiedTime().toMillis()));
            } else if (Files.isDirectory(p)) {
                Path root = p.toRealPath();
                String top = root.getFileName() == null ? "" : root.getFileName().toString() + "/";
                List<LocalFile> found = new ArrayList<>();
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        return !dir.equals(root) && ScanWalker.isIgnoredName(dir.getFileName().toString())
                                ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (attrs.isRegularFile() && !ScanWalker.isIgnoredName(file.getFileName().toString())) {
                            String rel = top + root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                            found.add(new LocalFile(file, rel, attrs.size(), attrs.lastModifiedTime().toMillis()));
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        throw DamException.forbidden("cannot read " + file + " (" + (e.getMessage() == null ? "no access" : e.getMessage()) + ")");
                    }
                });
                found.sort(java.util.Comparator.comparing(LocalFile::relativePath));
                for (LocalFile f : found) files.putIfAbsent(f.path(), f);
            } else if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.exists(p)) {
                throw DamException.notFound("a link to nothing: " + given);
            } else if (Files.exists(p)) {
                throw DamException.invalid("not a file or folder: " + given);
            } else {
                throw DamException.notFound("no such file or folder: " + given);
            }
        }
        if (files.isEmpty()) throw DamException.invalid("nothing to upload (hidden files and OS clutter are skipped)");
        return List.copyOf(files.values());
    }

    /** Sends files one at a time, resuming each through the store and after network errors. */
    private final class Sender {
        private final UploadTarget target;
        private final UploadClient client;
        private final UploadStateStore store;
        private final UploadClient.Capabilities caps;
        private final int payload;
        private final UploadProgress progress;
        /** Two: one on the line, one being read. */
        private final byte[][] buffers = {new byte[0], new byte[0]};
        private int requestSize;

        Sender(UploadTarget target, UploadClient client, UploadStateStore store, UploadClient.Capabilities caps, int payload,
               UploadProgress progress) {
            this.target = target;
            this.client = client;
            this.store = store;
            this.caps = caps;
            this.payload = payload;
            this.progress = progress;
            this.requestSize = Math.min(payload, FIRST_REQUEST);
        }

        FileResult send(LocalFile f) throws InterruptedException {
            // another server, another version of the file (size or time changed): another upload
            String fingerprint = String.join("\n", target.baseUrl(), f.path().toString(), Long.toString(f.size()), Long.toString(f.modified()));
            var done = store.finished(fingerprint);
            if (done.isPresent()) {
                progress.file(f.name(), f.size());
                UploadStateStore.Finished d = done.get();
                return new FileResult(f.path().toString(), f.relativePath(), f.size(), "already-uploaded", d.assetId(), d.duplicateOf(),
                        d.path(), null, null, null);
            }
            if (caps.maxSize() >= 0 && f.size() > caps.maxSize()) {
                throw DamException.tooLarge(Units.bytes(f.size()) + " is over the server's limit of " + Units.bytes(caps.maxSize()));
            }
            Long resumedAt = null;
            long shown = 0; // what the progress bar counts of this file
            for (int attempt = 0; ; attempt++) {
                boolean known = store.get(fingerprint) != null;
                try {
                    TusUploader uploader = open(f, fingerprint);
                    long offset = uploader.getOffset();
                    if (attempt == 0 && known && offset > 0) resumedAt = offset;
                    if (offset >= shown) progress.file(f.name(), offset - shown);
                    else progress.rewind(shown - offset);
                    shown = offset;
                    try (FileChannel ch = FileChannel.open(f.path(), StandardOpenOption.READ)) {
                        CompletableFuture<Request> next = null;
                        while (offset < f.size()) {
                            Request q = next == null ? null : await(next);
                            if (q == null || q.offset() != offset) q = prepare(ch, f, offset, 0);
                            // the following request is read and hashed while this one is on the line
                            long after = offset + q.len();
                            next = after >= f.size() ? null : prepareAsync(ch, f, after, 1 - q.slot());
                            long before = shown;
                            long t = System.nanoTime();
                            long at = client.patch(uploader.getUploadURL(), offset, buffers[q.slot()], q.len(), q.checksum(), progress::sent);
                            adapt(q.len(), System.nanoTime() - t);
                            shown = before + q.len();
                            if (at <= offset) throw new IOException("the server kept nothing of a request");
                            if (at != offset + q.len()) { // it kept less: continue where it stands
                                progress.rewind(offset + q.len() - at);
                                shown = at;
                            }
                            offset = at;
                        }
                    }
                    UploadClient.Result r = awaitResult(uploader.getUploadURL());
                    if (r.state().equals("failed")) {
                        store.remove(fingerprint);
                        throw new DamException(ErrorCode.INVALID, "the server could not take it: " + (r.error() == null ? "no reason given" : r.error()));
                    }
                    store.finish(fingerprint, new UploadStateStore.Finished(r.state(), r.assetId(), r.duplicateOf(), r.path()));
                    String outcome = switch (r.state()) {
                        case "catalogued" -> "uploaded";
                        case "duplicate" -> "duplicate";
                        default -> "received";
                    };
                    // A catalogued upload with an error is an asset that failed (an empty or unreadable file).
                    return new FileResult(f.path().toString(), f.relativePath(), f.size(), outcome, r.assetId(), r.duplicateOf(),
                            r.path(), resumedAt, r.error(), r.fileName());
                } catch (ProtocolException e) {
                    if (!retryable(UploadClient.status(e)) || attempt >= retries) throw UploadClient.failure(e, "sending " + f.name());
                } catch (UploadClient.Refused e) {
                    if (!retryable(e.status) || attempt >= retries) throw e.error;
                } catch (IOException e) {
                    if (attempt >= retries) {
                        DamException d = unreachable(target, e);
                        throw new DamException(d.code(), d.getMessage() + " while sending " + f.name()
                                + "; run the same command again to resume", e);
                    }
                }
                Thread.sleep(Math.min(30_000L, 1000L << Math.min(attempt, 5)));
            }
        }

        /**
         * The next request's size: every request costs the server a flush to disk, so on a fast line
         * requests grow (to --chunk-size) while they take under a second; on a slow one they shrink
         * again, so that a cut line loses little.
         */
        private void adapt(int len, long nanos) {
            if (len < requestSize) return; // a file's last, short request says nothing
            if (nanos < 1_000_000_000L) requestSize = (int) Math.min(payload, 2L * requestSize);
            else if (nanos > 5_000_000_000L) requestSize = Math.max(Math.min(payload, MIN_REQUEST), requestSize / 2);
        }

        /**
         * No answer, a server error, an offset the server disagrees with (409) or a checksum
         * mismatch (460: damaged in transit): worth resuming from the server's offset.
         */
        private static boolean retryable(int status) {
            return status == -1 || status / 100 == 5 || status == 409 || status == 460;
        }

        /** Resumes at the server's offset when the store knows the upload, else creates it. */
        private TusUploader open(LocalFile f, String fingerprint) throws IOException, ProtocolException {
            TusUpload upload = new TusUpload();
            upload.setSize(f.size());
            upload.setFingerprint(fingerprint);
            upload.setInputStream(InputStream.nullInputStream()); // the bytes go through UploadClient.patch
            Map<String, String> meta = new HashMap<>();
            meta.put("filename", f.path().getFileName().toString());
            if (f.relativePath() != null) meta.put("relativePath", f.relativePath());
            if (batch != null) meta.put("batch", batch);
            if (folder != null) meta.put("folder", folder);
            upload.setMetadata(meta);
            if (store.get(fingerprint) != null) {
                try {
                    return client.resumeUpload(upload);
                } catch (ProtocolException e) {
                    int status = UploadClient.status(e);
                    // gone from the server (expired, cleaned up or cancelled): start over
                    if (status != 404 && status != 410 && status != 403) throw e;
                    store.remove(fingerprint);
                } catch (io.tus.java.client.FingerprintNotFoundException | io.tus.java.client.ResumingNotEnabledException e) {
                    // not known after all: a new upload
                }
            }
            return client.createUpload(upload);
        }

        /** A request ready to send: its bytes in {@code buffers[slot]} and their checksum. */
        private record Request(long offset, int len, int slot, String checksum) {}

        private Request prepare(FileChannel ch, LocalFile f, long offset, int slot) throws IOException {
            int len = (int) Math.min(requestSize, f.size() - offset);
            if (buffers[slot].length < len) buffers[slot] = new byte[len];
            read(ch, offset, len, f, buffers[slot]);
            return new Request(offset, len, slot, caps.checksum().map(a -> checksum(a, buffers[slot], len)).orElse(null));
        }

        private CompletableFuture<Request> prepareAsync(FileChannel ch, LocalFile f, long offset, int slot) {
            CompletableFuture<Request> r = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    r.complete(prepare(ch, f, offset, slot));
                } catch (IOException | RuntimeException e) {
                    r.completeExceptionally(e);
                }
            });
            return r;
        }

        private static Request await(CompletableFuture<Request> f) throws IOException, InterruptedException {
            try {
                return f.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) throw io;
                if (e.getCause() instanceof RuntimeException re) throw re;
                throw new IllegalStateException(e.getCause());
            }
        }

        /** The request's bytes into the buffer (one read of the file for the checksum and the sending). */
        private void read(FileChannel ch, long offset, int len, LocalFile f, byte[] buffer) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(buffer, 0, len);
            long pos = offset;
            while (b.hasRemaining()) {
                int r = ch.read(b, pos);
                if (r < 0) throw DamException.conflict(f.name() + " got shorter while it was sent; run the command again to send it anew");
                pos += r;
            }
        }

        /** The server finishes an upload as the last PATCH ends; a moment more when it is busy. */
        private UploadClient.Result awaitResult(java.net.URL upload) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (true) {
                UploadClient.Result r = client.result(upload);
                if (!r.pending() || System.nanoTime() > deadline) return r;
                Thread.sleep(200);
            }
        }

        /** The {@code Upload-Checksum} of the request's bytes in the buffer, sent before them. */
        private static String checksum(UploadChecksum.Algorithm algorithm, byte[] buffer, int len) {
            UploadChecksum.Digest d = algorithm.start();
            d.update(buffer, 0, len);
            return new UploadChecksum(algorithm, d.finish()).toString();
        }
    }
}
