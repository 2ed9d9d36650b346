package org.thatdam.storage.objects;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An S3 failure in the library's error type: a code the API and CLI map, a message that names the
 * bucket and key and says what to do, never the SDK's text (request ids, stack, class names).
 */
final class S3Errors {

    private S3Errors() {}

    /** {@code what}: "cannot read 'a/b.jpg' from s3://bucket/prefix at http://host:9000". */
    static DamException map(String what, Throwable e) {
        if (e instanceof DamException d) return d;
        if (e instanceof S3Exception s) return service(what, s);
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return new DamException(ErrorCode.UNAVAILABLE, what + ": the storage server did not answer in time", e);
        }
        return new DamException(ErrorCode.UNAVAILABLE, what + ": " + network(e), e);
    }

    private static DamException service(String what, S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        int status = e.statusCode();
        String detail = code == null || code.isBlank() ? "HTTP " + status : code + ", HTTP " + status;
        if ("NoSuchBucket".equals(code)) {
            return new DamException(ErrorCode.UNAVAILABLE, what + ": the bucket does not exist (" + detail + ")", e);
        }
        if (status == 404) return new DamException(ErrorCode.NOT_FOUND, what + ": no such object", e);
        if (status == 416) return new DamException(ErrorCode.RANGE_NOT_SATISFIABLE, what + ": the range is outside the object", e);
        if (status == 401 || status == 403 || "InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)) {
            return new DamException(ErrorCode.FORBIDDEN, what + ": access denied (" + detail
                    + "); check DAM_S3_ACCESS_KEY, DAM_S3_SECRET_KEY and the bucket's permissions", e);
        }
        if (status == 400 && "EntityTooLarge".equals(code)) return new DamException(ErrorCode.TOO_LARGE, what + ": the object is too large (" + detail + ")", e);
        return new DamException(ErrorCode.UNAVAILABLE, what + ": the storage server refused the request (" + detail + ")", e);
    }

    /** Why a request did not get an answer, from the first cause we know how to name. */
    private static String network(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            switch (t) {
                case ConnectException c -> { return "cannot connect to the storage server (connection refused)"; }
                case UnknownHostException u -> { return "unknown host " + u.getMessage(); }
                case NoRouteToHostException n -> { return "no route to the storage server"; }
                case SocketTimeoutException s -> { return "the storage server did not answer in time"; }
                case SSLException s -> { return "the TLS connection to the storage server failed"; }
                default -> { }
            }
            if (t.getCause() == t) break;
        }
        return "the request to the storage server failed";
    }
}
