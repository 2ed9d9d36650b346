package org.thatdam.storage.mhl;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import net.jpountz.xxhash.StreamingXXHash64;
import net.jpountz.xxhash.XXHashFactory;
import org.thatdam.model.DamException;

/** Computes several hash formats over one pass of the bytes (a camera card is read once, whatever is asked of it). */
public final class MultiHasher {

    static final int BUFFER = 1 << 20;
    private static final String C4_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE58 = BigInteger.valueOf(58);

    private final StreamingXXHash64 xxh64;
    private final Map<HashFormat, MessageDigest> digests = new EnumMap<>(HashFormat.class);

    public MultiHasher(Set<HashFormat> formats) {
        if (formats.isEmpty()) throw DamException.invalid("no hash format asked for");
        // The native xxh64 runs about twice as fast as the Java one (a verified copy hashes every byte
        // twice); where it cannot be loaded, the factory falls back to the Java one (same values).
        xxh64 = formats.contains(HashFormat.XXH64) ? XXHashFactory.fastestInstance().newStreamingHash64(0) : null;
        for (HashFormat f : formats) {
            switch (f) {
                case MD5 -> digests.put(f, digest("MD5"));
                case SHA1 -> digests.put(f, digest("SHA-1"));
                case C4 -> digests.put(f, digest("SHA-512"));
                case XXH64 -> { }
            }
        }
    }

    public void update(byte[] b, int off, int len) {
        if (xxh64 != null) xxh64.update(b, off, len);
        for (MessageDigest d : digests.values()) d.update(b, off, len);
    }

    /** The digests of everything given so far: lowercase hex (xxh64 as 16 digits), a C4 id for c4. */
    public Map<HashFormat, String> digests() {
        Map<HashFormat, String> out = new EnumMap<>(HashFormat.class);
        if (xxh64 != null) out.put(HashFormat.XXH64, String.format("%016x", xxh64.getValue()));
        digests.forEach((f, d) -> {
            byte[] sum = d.digest();
            out.put(f, f == HashFormat.C4 ? c4(sum) : HexFormat.of().formatHex(sum));
        });
        return out;
    }

    public static Map<HashFormat, String> hash(Path file, Set<HashFormat> formats) throws IOException {
        return hash(file, formats, n -> { });
    }

    /** Hashes {@code file}, telling {@code bytesRead} the count of each block as it is read. */
    public static Map<HashFormat, String> hash(Path file, Set<HashFormat> formats, LongConsumer bytesRead) throws IOException {
        MultiHasher h = new MultiHasher(formats);
        byte[] buf = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                h.update(buf, 0, n);
                bytesRead.accept(n);
            }
        }
        return h.digests();
    }

    /** The C4 id of {@code bytes} (an .mhl file as the chain names it). */
    public static String c4(Path file) throws IOException {
        return hash(file, Set.of(HashFormat.C4)).get(HashFormat.C4);
    }

    /** A SHA-512 sum as a C4 id: base 58 in C4's alphabet, padded with its zero ('1') to 88 digits, after "c4". */
    static String c4(byte[] sha512) {
        BigInteger v = new BigInteger(1, sha512);
        StringBuilder digits = new StringBuilder(90);
        while (v.signum() > 0) {
            BigInteger[] qr = v.divideAndRemainder(BASE58);
            digits.append(C4_ALPHABET.charAt(qr[1].intValue()));
            v = qr[0];
        }
        while (digits.length() < 88) digits.append('1');
        return "c4" + digits.reverse();
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new DamException(org.thatdam.model.ErrorCode.INTERNAL, "every Java runtime has " + algorithm, e);
        }
    }
}
