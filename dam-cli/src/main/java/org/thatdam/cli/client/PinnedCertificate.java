package org.thatdam.cli.client;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.thatdam.core.serve.ServerEndpoint;

/**
 * Trust in exactly one certificate, the one {@code server.json} names by fingerprint. The local
 * client reaches the server on a loopback address that the certificate (made for the names users
 * type) does not carry, so the pin stands in for the usual chain and host name checks: no other
 * certificate, however well signed, is accepted.
 */
public final class PinnedCertificate extends X509ExtendedTrustManager {

    private final String fingerprint;

    private PinnedCertificate(String fingerprint) {
        this.fingerprint = fingerprint;
    }

    public static SSLContext context(String fingerprint) {
        try {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {new PinnedCertificate(fingerprint)}, null);
            return ssl;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is part of every Java", e);
        }
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0 || !ServerEndpoint.fingerprint(chain[0]).equalsIgnoreCase(fingerprint)) {
            throw new CertificateException("the server's certificate is not the one server.json names");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client of the server trusts no clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("a client of the server trusts no clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("a client of the server trusts no clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
