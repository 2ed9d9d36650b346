package org.thatdam.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.core.config.ConfigException;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.DamConfig;

/**
 * HTTPS with the user's own certificate: {@code server.tls.certificate} (PEM, the server's
 * certificate first, then its chain) and {@code server.tls.key} (its PEM private key: PKCS#8, or
 * the traditional PKCS#1 RSA / SEC1 EC form). Both are read and checked before anything listens,
 * so a missing, unreadable or mismatched file is one clear line instead of a failed handshake later.
 */
final class ServerTls {

    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
    /** The key store is only in memory: its password protects nothing on disk. */
    private static final String STORE_PASSWORD = randomHex();

    private final List<X509Certificate> chain;
    private final PrivateKey key;

    private ServerTls(List<X509Certificate> chain, PrivateKey key) {
        this.chain = chain;
        this.key = key;
    }

    /** The configured certificate and key, or empty when neither is set. */
    static Optional<ServerTls> from(DamConfig config) {
        DamConfig.Setting cert = config.sources().get(ConfigKey.SERVER_TLS_CERTIFICATE);
        DamConfig.Setting key = config.sources().get(ConfigKey.SERVER_TLS_KEY);
        boolean hasCert = cert != null && !cert.value().isBlank();
        boolean hasKey = key != null && !key.value().isBlank();
        if (!hasCert && !hasKey) return Optional.empty();
        if (!hasCert || !hasKey) {
            throw new ConfigException("HTTPS needs both server.tls.certificate and server.tls.key; only "
                    + (hasCert ? ConfigKey.SERVER_TLS_CERTIFICATE : ConfigKey.SERVER_TLS_KEY) + " is set (from "
                    + (hasCert ? cert : key).source() + ")");
        }
        return Optional.of(load(ConfigKey.SERVER_TLS_CERTIFICATE, cert, ConfigKey.SERVER_TLS_KEY, key));
    }

    private static ServerTls load(ConfigKey certKey, DamConfig.Setting cert, ConfigKey keyKey, DamConfig.Setting key) {
        Path certFile = Path.of(cert.value().strip());
        Path keyFile = Path.of(key.value().strip());
        List<X509Certificate> chain = certificates(certKey, cert, read(certKey, cert, certFile));
        PrivateKey privateKey = privateKey(keyKey, key, read(keyKey, key, keyFile));
        if (!matches(privateKey, chain.get(0).getPublicKey())) {
            throw new ConfigException(keyKey + " = " + keyFile + " is not the private key of the certificate in "
                    + certFile + " (" + certKey + ")");
        }
        X509Certificate leaf = chain.get(0);
        Instant now = Instant.now();
        if (leaf.getNotAfter().toInstant().isBefore(now)) {
            LOG.warn("the certificate in {} expired on {}: browsers will refuse it", certFile, leaf.getNotAfter().toInstant());
        } else if (leaf.getNotBefore().toInstant().isAfter(now)) {
            LOG.warn("the certificate in {} is valid only from {}", certFile, leaf.getNotBefore().toInstant());
        }
        return new ServerTls(chain, privateKey);
    }

    private static byte[] read(ConfigKey k, DamConfig.Setting s, Path file) {
        String where = k + " = " + file + " (from " + s.source() + ")";
        try {
            if (Files.isDirectory(file)) throw new ConfigException(where + " is a folder, not a PEM file");
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(where + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ConfigException(where + ": permission denied (the server's user must be able to read it)");
        } catch (IOException e) {
            throw new ConfigException(where + ": cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static List<X509Certificate> certificates(ConfigKey k, DamConfig.Setting s, byte[] pem) {
        String what = k + " = " + s.value().strip();
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = new java.io.ByteArrayInputStream(pem)) {
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) out.add((X509Certificate) c);
        } catch (CertificateException | IOException e) {
            throw new ConfigException(what + " is not a PEM certificate (-----BEGIN CERTIFICATE-----)", e);
        }
        if (out.isEmpty()) throw new ConfigException(what + " holds no certificate (-----BEGIN CERTIFICATE-----)");
        return List.copyOf(out);
    }

    private static PrivateKey privateKey(ConfigKey k, DamConfig.Setting s, byte[] pem) {
        String what = k + " = " + s.value().strip();
        Object o;
        try (Reader r = new java.io.InputStreamReader(new java.io.ByteArrayInputStream(pem), StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(r)) {
            do {
                o = parser.readObject();
            } while (o != null && !(o instanceof PEMKeyPair || o instanceof PrivateKeyInfo
                    || o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo));
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(what + " is not a PEM private key", e);
        }
        if (o == null) {
            throw new ConfigException(what + " holds no private key (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA/EC PRIVATE KEY-----)");
        }
        if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw new ConfigException(what + " is encrypted; give the key without a passphrase"
                    + " (e.g. openssl pkey -in KEY -out KEY.plain), readable by the server's user only");
        }
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            return o instanceof PEMKeyPair pair ? converter.getPrivateKey(pair.getPrivateKeyInfo())
                    : converter.getPrivateKey((PrivateKeyInfo) o);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(what + ": a private key of a kind this Java cannot use", e);
        }
    }

    /** Whether {@code key} signs what {@code pub} verifies: the certificate is this key's. */
    private static boolean matches(PrivateKey key, PublicKey pub) {
        if (!key.getAlgorithm().equals(pub.getAlgorithm())) return false;
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA, RSASSA-PSS need no digest name
        };
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(pub);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * The HTTPS connector on {@code host}:{@code port} (HTTP/1.1 over TLS). A connection that does
     * not start with a TLS handshake is read as plain HTTP, only to be redirected ({@link HttpsOnly}).
     */
    Connector connector(Server server, HttpConfiguration base, String host, int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keyStore());
        ssl.setKeyStorePassword(STORE_PASSWORD);
        ssl.setKeyManagerPassword(STORE_PASSWORD);
        HttpConfiguration https = new HttpConfiguration(base);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // The Host header is checked against the names the server answers to (CrossSiteGuard);
        // clients reaching it by IP address send no SNI to compare with.
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        ServerConnector c = new ServerConnector(server,
                new DetectorConnectionFactory(new SslConnectionFactory(ssl, "http/1.1")), new HttpConnectionFactory(https));
        c.setHost(host);
        c.setPort(port);
        return c;
    }

    private KeyStore keyStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("dam", key, STORE_PASSWORD.toCharArray(), chain.toArray(new X509Certificate[0]));
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException("cannot use the certificate and key of server.tls.*: " + e.getMessage(), e);
        }
    }

    private static String randomHex() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The server's own certificate (first of the chain). */
    X509Certificate certificate() {
        return chain.get(0);
    }
}
