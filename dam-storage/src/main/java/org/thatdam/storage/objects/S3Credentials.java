package org.thatdam.storage.objects;

import java.util.Map;
import org.thatdam.model.DamException;

/**
 * The keys for an S3 bucket, read from the environment only ({@code DAM_S3_ACCESS_KEY} and
 * {@code DAM_S3_SECRET_KEY}, else {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} with an
 * optional {@code AWS_SESSION_TOKEN}): never a file, never an instance-metadata service.
 * {@link #toString()} shows the access key only.
 */
public record S3Credentials(String accessKey, String secretKey, String sessionToken) {

    public S3Credentials(String accessKey, String secretKey) {
        this(accessKey, secretKey, null);
    }

    public static S3Credentials fromEnvironment(Map<String, String> env) {
        S3Credentials own = pair(env, "DAM_S3_ACCESS_KEY", "DAM_S3_SECRET_KEY", null);
        if (own != null) return own;
        S3Credentials aws = pair(env, "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");
        if (aws != null) return aws;
        throw DamException.invalid("storage on S3 needs credentials: set DAM_S3_ACCESS_KEY and DAM_S3_SECRET_KEY in the environment");
    }

    private static S3Credentials pair(Map<String, String> env, String accessName, String secretName, String tokenName) {
        String access = value(env, accessName);
        String secret = value(env, secretName);
        if (access == null && secret == null) return null;
        if (access == null || secret == null) {
            throw DamException.invalid((access == null ? accessName : secretName) + " is not set but "
                    + (access == null ? secretName : accessName) + " is: set both");
        }
        return new S3Credentials(access, secret, tokenName == null ? null : value(env, tokenName));
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    @Override
    public String toString() {
        return "S3Credentials[" + accessKey + ", secret hidden]";
    }
}
