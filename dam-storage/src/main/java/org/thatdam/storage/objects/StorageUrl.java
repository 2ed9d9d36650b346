package org.thatdam.storage.objects;

import java.util.Locale;
import org.thatdam.model.DamException;

/**
 * The {@code storage.url} setting: empty for the local disk, or {@code s3://bucket/prefix} for a
 * bucket (the prefix may be empty). The bucket obeys S3's naming rules; the prefix the key rules
 * ({@link ObjectKeys}), without a trailing {@code /}.
 */
public record StorageUrl(String bucket, String prefix) {

    private static final StorageUrl LOCAL = new StorageUrl("", "");

    public StorageUrl {
        if (bucket == null || prefix == null) throw new NullPointerException("bucket and prefix");
    }

    /** The local disk (the default). */
    public static StorageUrl local() {
        return LOCAL;
    }

    /** Parses the setting; blank is the local disk. Anything else must be a valid {@code s3://} URL. */
    public static StorageUrl parse(String text) {
        if (text == null || text.isBlank()) return LOCAL;
        String s = text.strip();
        if (!s.regionMatches(true, 0, "s3://", 0, 5)) {
            throw invalid(s, "only s3://bucket/prefix is supported (leave it empty for the local disk)");
        }
        String rest = s.substring(5);
        if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
            throw invalid(s, "a query or fragment is not allowed; the endpoint and region are separate settings");
        }
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.indexOf('@') >= 0 || bucket.indexOf(':') >= 0) {
            throw invalid(s, "credentials or a port do not belong in the URL (set DAM_S3_ACCESS_KEY and DAM_S3_SECRET_KEY, and storage.s3.endpoint)");
        }
        checkBucket(s, bucket);
        if (prefix.startsWith("/")) throw invalid(s, "the prefix has an empty segment ('//')");
        while (prefix.endsWith("/")) prefix = prefix.substring(0, prefix.length() - 1);
        if (!prefix.isEmpty()) {
            try {
                ObjectKeys.check(prefix);
            } catch (DamException e) {
                throw invalid(s, "bad prefix: " + e.getMessage());
            }
        }
        return new StorageUrl(bucket, prefix);
    }

    public boolean isLocal() {
        return bucket.isEmpty();
    }

    /** The bucket's key for one of our keys: the prefix, a {@code /}, the key. */
    public String objectKey(String key) {
        return prefix.isEmpty() ? key : prefix + "/" + key;
    }

    /** The bucket's key prefix that holds every object of this store ({@code ""} or {@code prefix/}). */
    public String rootPrefix() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    @Override
    public String toString() {
        if (isLocal()) return "local disk";
        return prefix.isEmpty() ? "s3://" + bucket : "s3://" + bucket + "/" + prefix;
    }

    /** S3's rules for a bucket name (general-purpose buckets). */
    private static void checkBucket(String url, String bucket) {
        if (bucket.isEmpty()) throw invalid(url, "the bucket name is missing");
        if (bucket.length() < 3 || bucket.length() > 63) throw invalid(url, "a bucket name has 3 to 63 characters");
        if (!bucket.equals(bucket.toLowerCase(Locale.ROOT))) throw invalid(url, "a bucket name is lower case");
        for (int i = 0; i < bucket.length(); i++) {
            char c = bucket.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-')) {
                throw invalid(url, "a bucket name has only letters a-z, digits, '.' and '-'");
            }
        }
        if (!Character.isLetterOrDigit(bucket.charAt(0)) || !Character.isLetterOrDigit(bucket.charAt(bucket.length() - 1))) {
            throw invalid(url, "a bucket name starts and ends with a letter or digit");
        }
        if (bucket.contains("..")) throw invalid(url, "a bucket name has no two adjacent dots");
        if (bucket.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) throw invalid(url, "a bucket name is not an IP address");
    }

    private static DamException invalid(String url, String why) {
        return DamException.invalid("storage.url " + shown(url) + ": " + why);
    }

    /** The URL for a message; whatever follows an '@' may be a secret and is left out. */
    private static String shown(String url) {
        int at = url.indexOf('@');
        return at < 0 ? "'" + url + "'" : "'" + url.substring(0, 5) + "…'";
    }
}
