package org.thatdam.core.serve;

import java.time.Instant;
import org.thatdam.core.net.Hosts;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/**
 * What {@code server.json} says about the server running on a library: who it is, where to reach
 * it, and {@code token}, a random name for that run of the library, which the server answers in
 * the {@value #TOKEN_HEADER} header so that a client can tell it reached this library's server and
 * not whatever listens on that port now. {@code localKey} is a secret of that run with which the
 * command line of the same machine acts on the server (as whoever owns the library's files, who may
 * do everything anyway): the file is readable by its owner only, and the key never travels in an answer.
 * {@code certificate} is the SHA-256 fingerprint of the server's TLS certificate when it speaks HTTPS
 * (null otherwise): a local client trusts exactly that certificate, whatever names it carries.
 */
public record ServerEndpoint(long pid, String host, int port, String url, Instant startedAt, String token, String localKey,
                             String certificate) {

    /** The response header carrying the serving library's token. */
    public static final String TOKEN_HEADER = "X-Dam-Library";

    /** A {@code server.json} that names an address of another machine: a local client never goes there. */
    public static final class NotLoopbackException extends DamException {
        public NotLoopbackException(String host) {
            super(ErrorCode.FORBIDDEN, "server.json names the address " + host + ", which is not this machine's loopback: refusing to connect");
        }
    }

    /**
     * The address a local client connects to: loopback only. A server listening on every interface
     * is reached on loopback of the same family.
     *
     * @throws NotLoopbackException when the host is another address or a name
     */
    public String localUrl() {
        String h = host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("localhost") ? "127.0.0.1"
                : host.equals("::") || host.equals("[::]") ? "::1" : host;
        // an IP literal on loopback; names are refused without a lookup (a resolver could answer anything)
        if (!Hosts.isLoopbackAddress(h)) throw new NotLoopbackException(host);
        return (certificate == null ? "http://" : "https://") + Hosts.forUrl(h) + ":" + port;
    }

    /** The fingerprint {@code certificate} holds: SHA-256 of the certificate's DER form, in hex. */
    public static String fingerprint(java.security.cert.X509Certificate cert) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 and DER encoding are part of every Java", e);
        }
    }
}
