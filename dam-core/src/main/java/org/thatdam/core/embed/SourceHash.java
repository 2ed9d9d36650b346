package org.thatdam.core.embed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The source hash stored beside a vector: what was embedded, and by which model, so unchanged input is skipped. */
final class SourceHash {
    private SourceHash() {}

    static String of(String modelVersion, byte[] input) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(modelVersion.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(input);
            return HexFormat.of().formatHex(md.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JVM has SHA-256", e);
        }
    }
}
