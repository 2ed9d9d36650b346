package org.thatdam.server;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed certificates and PEM files made by the tests, for HTTPS servers and the clients that trust them. */
public final class TestCertificates {

    /** A certificate and its key in PEM files (the key in the traditional PKCS#1 form, "BEGIN RSA PRIVATE KEY"). */
    public record PemFiles(Path certificate, Path key, X509Certificate cert) {}

    private TestCertificates() {}

    /** An RSA key and a self-signed certificate for {@code names} (DNS names or IPv4 addresses), written to {@code dir}. */
    public static PemFiles write(Path dir, String baseName, String... names) {
        KeyPair rsa = keyPair("RSA", 2048);
        X509Certificate cert = selfSigned(rsa, "SHA256withRSA", names);
        try {
            Path crt = Files.writeString(dir.resolve(baseName + ".crt"), pem(cert));
            Path key = Files.writeString(dir.resolve(baseName + ".key"), pem(rsa.getPrivate()));
            return new PemFiles(crt, key, cert);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static KeyPair keyPair(String algorithm, int size) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            g.initialize(size);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Self-signed for {@code names}, valid from an hour ago for a day; the first name is also the CN. */
    public static X509Certificate selfSigned(KeyPair kp, String signature, String... names) {
        try {
            X500Name subject = new X500Name("CN=" + names[0]);
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject, kp.getPublic());
            GeneralName[] san = new GeneralName[names.length];
            for (int i = 0; i < names.length; i++) {
                san[i] = new GeneralName(names[i].matches("[0-9.]+") ? GeneralName.iPAddress : GeneralName.dNSName, names[i]);
            }
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san));
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(signature).build(kp.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM text of a certificate, a key (PKCS#1 / SEC1 form) or a {@code PemObject}. */
    public static String pem(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** TLS trusting exactly {@code cert} (host names are still checked against it). */
    public static SSLContext trusting(X509Certificate cert) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
