package org.thatdam.storage.objects;

import java.nio.file.Path;
import java.util.Map;

/** Opens the store {@code storage.url} names: the local disk under {@code localBase} when it is empty. */
public final class ObjectStores {

    private ObjectStores() {}

    /** Credentials, for a bucket, from this process's environment ({@link S3Credentials#fromEnvironment}). */
    public static ObjectStore open(StorageUrl url, String endpoint, String region, Path localBase) {
        return open(url, endpoint, region, localBase, System.getenv());
    }

    /** Like {@link #open(StorageUrl, String, String, Path)} with the environment given. */
    public static ObjectStore open(StorageUrl url, String endpoint, String region, Path localBase, Map<String, String> env) {
        if (url == null || url.isLocal()) return new LocalObjectStore(localBase);
        return S3ObjectStore.connect(url, S3Settings.of(endpoint, region), S3Credentials.fromEnvironment(env));
    }
}
