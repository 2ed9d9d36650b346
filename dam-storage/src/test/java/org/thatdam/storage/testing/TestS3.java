package org.thatdam.storage.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.thatdam.storage.objects.S3Credentials;
import org.thatdam.storage.objects.S3ObjectStore;
import org.thatdam.storage.objects.S3Settings;
import org.thatdam.storage.objects.StorageUrl;

/**
 * A real S3 server for tests: one s3proxy per JVM, on loopback, storing buckets in a temporary
 * folder, checking AWS signatures against {@link #ACCESS_KEY}/{@link #SECRET_KEY}. Started on first
 * use, stopped (and its folder deleted) when the JVM exits. Each test class takes a
 * {@link #freshBucket()} of its own. A module that uses it declares, in test scope, the dam-storage
 * test-jar and {@code org.gaul:s3proxy} (its version and exclusions come from the parent).
 */
public final class TestS3 {

    public static final String ACCESS_KEY = "dam-test-access";
    public static final String SECRET_KEY = "dam-test-secret-0123456789";

    /** What a test needs to reach one new, empty bucket. */
    public record Bucket(StorageUrl url, String endpoint, String accessKey, String secretKey) {

        public S3Settings settings() {
            return S3Settings.of(endpoint, S3Settings.DEFAULT_REGION);
        }

        public S3Credentials credentials() {
            return new S3Credentials(accessKey, secretKey);
        }

        /** The environment a node of ours reads its S3 credentials from. */
        public Map<String, String> env() {
            return Map.of("DAM_S3_ACCESS_KEY", accessKey, "DAM_S3_SECRET_KEY", secretKey);
        }

        /** A store on this bucket; the caller closes it. */
        public S3ObjectStore open() {
            return S3ObjectStore.connect(url, settings(), credentials());
        }

        /** The same bucket under {@code prefix} ({@code s3://bucket/prefix}). */
        public Bucket under(String prefix) {
            return new Bucket(StorageUrl.parse("s3://" + url.bucket() + "/" + prefix), endpoint, accessKey, secretKey);
        }
    }

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static Server server;

    private record Server(S3Proxy proxy, BlobStoreContext context, Path folder, String endpoint) {}

    private TestS3() {}

    /** A new empty bucket ({@code s3://dam-test-N}, no prefix). */
    public static Bucket freshBucket() {
        Server s = server();
        String name = "dam-test-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
        s.context().getBlobStore().createContainerInLocation(null, name);
        return new Bucket(StorageUrl.parse("s3://" + name), s.endpoint(), ACCESS_KEY, SECRET_KEY);
    }

    /** The server's base URL, {@code http://127.0.0.1:PORT}. */
    public static String endpoint() {
        return server().endpoint();
    }

    /** The jclouds view of the server's storage (for checks behind the S3 API's back). */
    public static BlobStore blobStore() {
        return server().context().getBlobStore();
    }

    private static synchronized Server server() {
        if (server == null) server = start();
        return server;
    }

    private static Server start() {
        try {
            Path folder = Files.createTempDirectory("dam-s3-");
            Properties props = new Properties();
            props.setProperty("jclouds.filesystem.basedir", folder.toString());
            BlobStoreContext context = ContextBuilder.newBuilder("filesystem")
                    .credentials("unused", "unused").overrides(props)
                    .modules(java.util.List.of(new org.jclouds.logging.slf4j.config.SLF4JLoggingModule()))
                    .build(BlobStoreContext.class);
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(context.getBlobStore())
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    // It does not know the CRC32 checksum headers that AWS's SDK sends along with Content-MD5.
                    .ignoreUnknownHeaders(true)
                    .build();
            proxy.start();
            Server s = new Server(proxy, context, folder, "http://127.0.0.1:" + proxy.getPort());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(s), "test-s3-stop"));
            return s;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test S3 server", e);
        }
    }

    private static void stop(Server s) {
        try {
            s.proxy().stop();
        } catch (Exception ignored) {
            // the JVM is exiting
        }
        s.context().close();
        try (Stream<Path> files = Files.walk(s.folder())) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder; the system cleans it eventually
        }
    }
}
