package org.thatdam.storage.objects;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.storage.AtomicFiles;
import org.thatdam.storage.IoErrors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Objects in a bucket of AWS S3 or any S3-compatible server, under the URL's prefix. Bodies are
 * streamed both ways; files above {@link #PART_SIZE} go up in parts (an upload that fails is
 * aborted, so no orphan parts stay billed); a single PUT or a completed multipart upload is atomic
 * on S3, so readers never see a partial object. Credentials are given, never looked up.
 */
public final class S3ObjectStore implements ObjectStore {

    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);

    /** Above this an object is uploaded in parts of this size (more when 10,000 parts would not hold it). */
    public static final long PART_SIZE = 16L << 20;
    private static final int MAX_PARTS = 10_000;
    private static final Duration MAX_PRESIGN = Duration.ofDays(7);

    private final StorageUrl url;
    private final S3Settings settings;
    private final S3Client s3;
    private final S3Presigner presigner;

    private S3ObjectStore(StorageUrl url, S3Settings settings, S3Client s3, S3Presigner presigner) {
        this.url = url;
        this.settings = settings;
        this.s3 = s3;
        this.presigner = presigner;
    }

    /** A store for {@code url} (an {@code s3://} URL); no request is made until the first call. */
    public static S3ObjectStore connect(StorageUrl url, S3Settings settings, S3Credentials credentials) {
        if (url.isLocal()) throw DamException.invalid("an S3 store needs an s3://bucket URL");
        AwsCredentials keys = credentials.sessionToken() == null
                ? AwsBasicCredentials.create(credentials.accessKey(), credentials.secretKey())
                : AwsSessionCredentials.create(credentials.accessKey(), credentials.secretKey(), credentials.sessionToken());
        StaticCredentialsProvider provider = StaticCredentialsProvider.create(keys);
        Region region = Region.of(settings.region());
        var builder = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)))
                .credentialsProvider(provider)
                .region(region)
                // Checksums only where S3 demands them, and there the Content-MD5 that every
                // S3-compatible server knows (not all know the newer CRC32 headers).
                .addPlugin(LegacyMd5Plugin.create())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.apiCallTimeout(settings.callTimeout()));
        var presign = S3Presigner.builder().credentialsProvider(provider).region(region);
        if (settings.hasEndpoint()) {
            // Other S3 servers rarely resolve bucket.host names: address buckets by path.
            builder.endpointOverride(settings.endpointUri()).forcePathStyle(true);
            presign.endpointOverride(settings.endpointUri())
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build());
        }
        return new S3ObjectStore(url, settings, builder.build(), presign.build());
    }

    public StorageUrl url() {
        return url;
    }

    @Override
    public void put(String key, Path file) {
        String what = "cannot store " + ObjectKeys.quote(ObjectKeys.check(key)) + " in " + describe();
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw IoErrors.failure(what + ": cannot read " + file, e);
        }
        if (size <= PART_SIZE) {
            call(what, () -> s3.putObject(r -> r.bucket(url.bucket()).key(url.objectKey(key)).contentLength(size),
                    RequestBody.fromContentProvider(fileRange(file, 0, size), size, "application/octet-stream")));
            return;
        }
        multipart(key, what, size, (offset, length) -> RequestBody.fromContentProvider(fileRange(file, offset, length), length, "application/octet-stream"));
    }

    @Override
    public void put(String key, InputStream in, long length) {
        String what = "cannot store " + ObjectKeys.quote(ObjectKeys.check(key)) + " in " + describe();
        if (length < 0) throw DamException.invalid(what + ": the length is negative");
        if (length <= PART_SIZE) {
            call(what, () -> s3.putObject(r -> r.bucket(url.bucket()).key(url.objectKey(key)).contentLength(length),
                    streamBody(in, length)));
            return;
        }
        multipart(key, what, length, (offset, partLength) -> streamBody(in, partLength));
    }

    /**
     * The next {@code length} bytes of the caller's stream as a request body. The SDK closes bodies, the
     * caller's stream stays open. A retry rewinds within the buffer's mark (the first 128 KiB) or
     * fails: it never sends other bytes.
     */
    private static RequestBody streamBody(InputStream in, long length) {
        return RequestBody.fromInputStream(new java.io.BufferedInputStream(BoundedInput.shielded(in, length), 128 << 10), length);
    }

    /** The body of the part that starts at {@code offset}, {@code length} bytes long. */
    @FunctionalInterface
    private interface PartBody {
        RequestBody part(long offset, long length);
    }

    private void multipart(String key, String what, long size, PartBody body) {
        String objectKey = url.objectKey(key);
        long partSize = Math.max(PART_SIZE, ceilMiB((size + MAX_PARTS - 1) / MAX_PARTS));
        String uploadId = call(what, () -> s3.createMultipartUpload(r -> r.bucket(url.bucket()).key(objectKey)).uploadId());
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long offset = 0; offset < size; offset += partSize, number++) {
                long length = Math.min(partSize, size - offset);
                int n = number;
                String etag = s3.uploadPart(r -> r.bucket(url.bucket()).key(objectKey).uploadId(uploadId).partNumber(n).contentLength(length),
                        body.part(offset, length)).eTag();
                parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
            }
            s3.completeMultipartUpload(r -> r.bucket(url.bucket()).key(objectKey).uploadId(uploadId)
                    .multipartUpload(u -> u.parts(parts)));
        } catch (RuntimeException e) {
            abort(objectKey, uploadId);
            throw S3Errors.map(what, e);
        }
    }

    private void abort(String objectKey, String uploadId) {
        try {
            s3.abortMultipartUpload(r -> r.bucket(url.bucket()).key(objectKey).uploadId(uploadId));
        } catch (RuntimeException e) {
            // The bucket's lifecycle rule for incomplete uploads is the last resort.
            LOG.warn("could not abort the multipart upload of {} in {}: {}", objectKey, describe(), S3Errors.map("abort", e).getMessage());
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        String what = "cannot read " + ObjectKeys.quote(ObjectKeys.check(key)) + " in " + describe();
        try {
            HeadObjectResponse head = s3.headObject(r -> r.bucket(url.bucket()).key(url.objectKey(key)));
            return Optional.of(new ObjectInfo(key, head.contentLength(), etag(head.eTag()), head.lastModified()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return Optional.empty();
            throw S3Errors.map(what, e);
        } catch (RuntimeException e) {
            throw S3Errors.map(what, e);
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) {
        Ranges.check(key, offset, length);
        String what = "cannot read " + ObjectKeys.quote(key) + " in " + describe();
        if (length == 0) return emptyAt(key, offset);
        // No Range header for the whole object: some servers refuse any range on an empty one.
        String range = offset == 0 && length < 0 ? null
                : "bytes=" + offset + "-" + (length < 0 ? "" : String.valueOf(offset + length - 1));
        try {
            return s3.getObject(r -> r.bucket(url.bucket()).key(url.objectKey(key)).range(range));
        } catch (S3Exception e) {
            if (e.statusCode() == 416) return emptyAt(key, offset);
            throw S3Errors.map(what, e);
        } catch (RuntimeException e) {
            throw S3Errors.map(what, e);
        }
    }

    /** No bytes from {@code offset}: right at the end of the object, else a typed error. */
    private InputStream emptyAt(String key, long offset) {
        ObjectInfo info = stat(key).orElseThrow(() -> missing(key));
        if (offset > info.size()) throw Ranges.notSatisfiable(key, offset, info.size());
        return new ByteArrayInputStream(new byte[0]);
    }

    @Override
    public void fetch(String key, Path target) {
        try (InputStream in = open(key, 0, -1)) {
            AtomicFiles.write(target, in::transferTo);
        } catch (IOException e) {
            throw IoErrors.failure("cannot copy " + ObjectKeys.quote(key) + " from " + describe() + " to " + target, e);
        }
    }

    @Override
    public boolean delete(String key) {
        if (stat(key).isEmpty()) return false;
        String what = "cannot delete " + ObjectKeys.quote(key) + " in " + describe();
        call(what, () -> s3.deleteObject(r -> r.bucket(url.bucket()).key(url.objectKey(key))));
        return true;
    }

    @Override
    public int deletePrefix(String prefix) {
        String p = ObjectKeys.checkPrefix(prefix);
        String what = "cannot delete " + (p.isEmpty() ? "the objects" : "the objects under " + ObjectKeys.quote(p)) + " in " + describe();
        String root = url.rootPrefix();
        int deleted = 0;
        // Folder markers ("a/", made by consoles) go last, deepest first: a server that keeps them as
        // folders then finds each one empty.
        List<String> markers = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListObjectsV2Response page = call(what, () -> s3.listObjectsV2(r -> r.bucket(url.bucket())
                    .prefix(root + p).maxKeys(settings.listBatch()).continuationToken(t)));
            List<String> keys = new ArrayList<>();
            for (S3Object o : page.contents()) {
                if (o.key().endsWith("/")) markers.add(o.key());
                else keys.add(o.key());
            }
            deleteBatch(what, keys);
            // Only keys of ours are counted: as many as list() showed.
            deleted += (int) keys.stream().filter(k -> ObjectKeys.isValid(k.substring(root.length()))).count();
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        markers.sort(java.util.Comparator.comparingInt(String::length).reversed());
        for (int i = 0; i < markers.size(); i += settings.listBatch()) {
            deleteBatch(what, markers.subList(i, Math.min(markers.size(), i + settings.listBatch())));
        }
        return deleted;
    }

    /** One DeleteObjects request (at most 1,000 bucket keys); any key it could not delete fails the call. */
    private void deleteBatch(String what, List<String> bucketKeys) {
        if (bucketKeys.isEmpty()) return;
        List<ObjectIdentifier> ids = bucketKeys.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList();
        DeleteObjectsResponse r = call(what, () -> s3.deleteObjects(d -> d.bucket(url.bucket())
                .delete(Delete.builder().objects(ids).quiet(true).build())));
        if (!r.errors().isEmpty()) {
            var first = r.errors().getFirst();
            String key = first.key() == null ? "" : first.key().substring(Math.min(first.key().length(), url.rootPrefix().length()));
            throw new DamException("AccessDenied".equals(first.code()) ? ErrorCode.FORBIDDEN : ErrorCode.UNAVAILABLE,
                    what + ": " + r.errors().size() + " object(s) not deleted, " + ObjectKeys.quote(key) + " among them (" + first.code() + ")");
        }
    }

    @Override
    public ObjectPage list(String prefix, String after, int limit) {
        String p = ObjectKeys.checkPrefix(prefix);
        if (after != null) ObjectKeys.check(after);
        if (limit < 1) throw DamException.invalid("a listing's limit is at least 1");
        String what = "cannot list " + (p.isEmpty() ? "" : ObjectKeys.quote(p) + " in ") + describe();
        String root = url.rootPrefix();
        List<ObjectInfo> items = new ArrayList<>();
        String token = null;
        boolean more;
        do {
            String t = token;
            int batch = Math.min(settings.listBatch(), limit - items.size());
            Consumer<ListObjectsV2Request.Builder> request = r -> {
                r.bucket(url.bucket()).prefix(root + p).maxKeys(batch);
                if (t != null) r.continuationToken(t);
                else if (after != null) r.startAfter(root + after);
            };
            ListObjectsV2Response page = call(what, () -> s3.listObjectsV2(request));
            for (S3Object o : page.contents()) {
                String key = o.key().substring(root.length());
                // Names others wrote that are no keys of ours (folder markers "a/", "a//b") are skipped.
                if (ObjectKeys.isValid(key)) items.add(new ObjectInfo(key, o.size(), etag(o.eTag()), o.lastModified()));
            }
            more = page.isTruncated();
            token = more ? page.nextContinuationToken() : null;
        } while (more && items.size() < limit);
        return new ObjectPage(items, more && !items.isEmpty() ? items.getLast().key() : null);
    }

    @Override
    public Optional<URI> presign(String key, Duration ttl) {
        ObjectKeys.check(key);
        if (ttl == null || ttl.toSeconds() < 1 || ttl.compareTo(MAX_PRESIGN) > 0) {
            throw DamException.invalid("a presigned URL lasts from 1 second to 7 days");
        }
        String what = "cannot sign a URL for " + ObjectKeys.quote(key) + " in " + describe();
        return Optional.of(call(what, () -> URI.create(presigner.presignGetObject(r -> r.signatureDuration(ttl)
                .getObjectRequest(g -> g.bucket(url.bucket()).key(url.objectKey(key)))).url().toString())));
    }

    @Override
    public String describe() {
        return settings.hasEndpoint() ? url + " at " + settings.endpointUri() : url.toString();
    }

    @Override
    public void close() {
        s3.close();
        presigner.close();
    }

    private DamException missing(String key) {
        return new DamException(ErrorCode.NOT_FOUND, "no object " + ObjectKeys.quote(key) + " in " + describe());
    }

    private static <T> T call(String what, java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (RuntimeException e) {
            throw S3Errors.map(what, e);
        }
    }

    /** Bytes {@code offset} to {@code offset + length} of a file, opened afresh for every attempt. */
    private static ContentStreamProvider fileRange(Path file, long offset, long length) {
        return () -> {
            try {
                FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                ch.position(offset);
                return new BoundedInput(Channels.newInputStream(ch), length);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    private static long ceilMiB(long bytes) {
        long mib = 1L << 20;
        return (bytes + mib - 1) / mib * mib;
    }

    /** S3 sends ETags in quotes. */
    private static String etag(String raw) {
        if (raw == null) return "";
        return raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"") ? raw.substring(1, raw.length() - 1) : raw;
    }
}
