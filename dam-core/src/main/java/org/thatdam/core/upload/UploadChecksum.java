package org.thatdam.core.upload;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.CRC32;
import net.jpountz.xxhash.StreamingXXHash64;
import net.jpountz.xxhash.XXHashFactory;
import org.thatdam.model.DamException;

/**
 * A checksum a client sends with its bytes, as tus writes it: an algorithm and the Base64 of the
 * digest's bytes ({@code sha1 Kq5sNclPz7QV2+lfQIuc6R7oRu0=}). CRC-32 and xxh64 digests are their
 * value's bytes, most significant first.
 */
public record UploadChecksum(Algorithm algorithm, byte[] expected) {

    /** The algorithms accepted, by their tus names. */
    public enum Algorithm {
        SHA1("sha1"), MD5("md5"), CRC32("crc32"), XXH64("xxh64");

        private final String tag;

        Algorithm(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }

        /** A running digest of this algorithm. */
        public Digest start() {
            return switch (this) {
                case SHA1 -> messageDigest("SHA-1");
                case MD5 -> messageDigest("MD5");
                case CRC32 -> new Digest() {
                    private final CRC32 crc = new CRC32();
                    @Override public void update(byte[] b, int off, int len) { crc.update(b, off, len); }
                    @Override public byte[] finish() { return bigEndian(crc.getValue(), 4); }
                };
                case XXH64 -> new Digest() {
                    private final StreamingXXHash64 xx = XXHashFactory.fastestJavaInstance().newStreamingHash64(0);
                    @Override public void update(byte[] b, int off, int len) { xx.update(b, off, len); }
                    @Override public byte[] finish() { return bigEndian(xx.getValue(), 8); }
                };
            };
        }
    }

    /** A digest being computed. */
    public interface Digest {
        void update(byte[] b, int off, int len);

        byte[] finish();
    }

    /** The tus names, comma-separated, for {@code Tus-Checksum-Algorithm}. */
    public static String supported() {
        return String.join(",", Arrays.stream(Algorithm.values()).map(Algorithm::tag).toList());
    }

    /**
     * Parses {@code "sha1 <base64>"}; an unknown algorithm, a missing or malformed value, or a
     * value of the wrong length is a 400 naming what is accepted.
     */
    public static UploadChecksum parse(String header) {
        String[] parts = header == null ? new String[0] : header.strip().split("\\s+");
        if (parts.length != 2) {
            throw DamException.badRequest("a checksum is written as an algorithm and a Base64 value, e.g. \"sha1 Kq5sNclPz7QV2+lfQIuc6R7oRu0=\"");
        }
        String name = parts[0].toLowerCase(Locale.ROOT);
        Algorithm a = Arrays.stream(Algorithm.values()).filter(x -> x.tag.equals(name)).findFirst()
                .orElseThrow(() -> DamException.badRequest("checksum algorithm '" + abbreviate(parts[0]) + "' is not supported; supported: "
                        + supported()));
        byte[] value;
        try {
            value = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw DamException.badRequest("the " + a.tag + " checksum is not valid Base64");
        }
        int want = a.start().finish().length;
        if (value.length != want) {
            throw DamException.badRequest("a " + a.tag + " checksum has " + want + " bytes (Base64), this one " + value.length);
        }
        return new UploadChecksum(a, value);
    }

    /** Whether {@code actual} (a finished digest) is the expected value. */
    public boolean matches(byte[] actual) {
        return MessageDigest.isEqual(expected, actual);
    }

    @Override
    public String toString() {
        return algorithm.tag + " " + Base64.getEncoder().encodeToString(expected);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UploadChecksum c && c.algorithm == algorithm && Arrays.equals(c.expected, expected);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + Arrays.hashCode(expected);
    }

    private static Digest messageDigest(String name) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " is part of every JDK", e);
        }
        return new Digest() {
            @Override public void update(byte[] b, int off, int len) { md.update(b, off, len); }
            @Override public byte[] finish() { return md.digest(); }
        };
    }

    private static byte[] bigEndian(long v, int n) {
        byte[] out = new byte[n];
        for (int i = n - 1; i >= 0; i--) {
            out[i] = (byte) v;
            v >>>= 8;
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "…" : s;
    }
}
