package org.thatdam.storage.objects;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import org.thatdam.model.DamException;

/**
 * How to reach the S3 server: {@code endpoint} empty for AWS itself, else the base URL of any
 * S3-compatible server (addressed path-style then); the region (default {@code us-east-1}); the
 * longest one request may take ({@code callTimeout}, retries included); how many keys one listing
 * request asks for ({@code listBatch}, S3's maximum is 1,000).
 */
public record S3Settings(String endpoint, String region, Duration callTimeout, int listBatch) {

    public static final String DEFAULT_REGION = "us-east-1";
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(5);

    public S3Settings {
        endpoint = endpoint == null ? "" : endpoint.strip();
        region = region == null || region.isBlank() ? DEFAULT_REGION : region.strip();
        if (callTimeout == null || callTimeout.isNegative() || callTimeout.isZero()) callTimeout = DEFAULT_CALL_TIMEOUT;
        if (listBatch < 1 || listBatch > 1000) throw DamException.invalid("listBatch must be between 1 and 1000");
        if (!endpoint.isEmpty()) endpointUri(endpoint);
        if (!region.matches("[a-z0-9-]{1,64}")) throw DamException.invalid("storage.s3.region '" + region + "' is not a region name (like us-east-1)");
    }

    public static S3Settings of(String endpoint, String region) {
        return new S3Settings(endpoint, region, DEFAULT_CALL_TIMEOUT, 1000);
    }

    public S3Settings withListBatch(int batch) {
        return new S3Settings(endpoint, region, callTimeout, batch);
    }

    public S3Settings withCallTimeout(Duration timeout) {
        return new S3Settings(endpoint, region, timeout, listBatch);
    }

    public boolean hasEndpoint() {
        return !endpoint.isEmpty();
    }

    public URI endpointUri() {
        return endpointUri(endpoint);
    }

    private static URI endpointUri(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw invalid(endpoint, "not a URL: use http://host:port or https://host");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw invalid(endpoint, "use http://host:port or https://host");
        }
        if (uri.getRawUserInfo() != null) throw invalid(endpoint, "credentials do not belong in the URL (set DAM_S3_ACCESS_KEY and DAM_S3_SECRET_KEY)");
        if (uri.getHost() == null) throw invalid(endpoint, "no host name");
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            throw invalid(endpoint, "only scheme, host and port: the bucket is in storage.url");
        }
        return URI.create(scheme.toLowerCase(java.util.Locale.ROOT) + "://" + uri.getRawAuthority());
    }

    private static DamException invalid(String endpoint, String why) {
        String shown = endpoint.indexOf('@') >= 0 ? "" : " '" + endpoint + "'";
        return DamException.invalid("storage.s3.endpoint" + shown + ": " + why);
    }
}
