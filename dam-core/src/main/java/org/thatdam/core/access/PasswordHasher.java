package org.thatdam.core.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.thatdam.model.BusyException;

/**
 * Argon2id password hashes in the PHC string form ({@code $argon2id$v=19$m=…,t=…,p=…$salt$hash}),
 * so each stored hash carries its own parameters and salt: the defaults can grow later and old
 * hashes still verify (and {@link #needsRehash} says when to replace one at the next login).
 *
 * <p>Each hash takes its memory for its whole length, so at most one per core runs at once (a
 * fair queue): a burst of logins waits its turn instead of exhausting the heap, and whoever waits
 * too long is told the server is busy.
 */
public final class PasswordHasher {

    /** Memory in KiB, passes, lanes. */
    public record Params(int memoryKiB, int iterations, int parallelism) {}

    /** About 100 ms per hash on two shared cores (measured by PasswordHasherTest). */
    public static final Params DEFAULT = new Params(32 * 1024, 3, 1);

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    /** How long a hash waits for its turn before the caller is told to come back. */
    static final Duration MAX_WAIT = Duration.ofSeconds(2);
    static final String BUSY = "the server is busy checking passwords; try again in a moment";

    private final Params params;
    private final Semaphore permits;
    private final Duration maxWait;
    private final SecureRandom random = new SecureRandom();
    /** Verified when a user name is unknown, so that answer costs as long as a wrong password (made on first need). */
    private volatile String dummy;

    public PasswordHasher() {
        this(DEFAULT);
    }

    public PasswordHasher(Params params) {
        this(params, Runtime.getRuntime().availableProcessors(), MAX_WAIT);
    }

    /** {@code concurrent} hashes at most at once; a further one waits up to {@code maxWait}. */
    PasswordHasher(Params params, int concurrent, Duration maxWait) {
        this.params = params;
        this.permits = new Semaphore(Math.max(1, concurrent), true);
        this.maxWait = maxWait;
    }

    public Params params() {
        return params;
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] out = withPermit(() -> derive(password, salt, params, HASH_BYTES));
        return "$argon2id$v=19$m=" + params.memoryKiB() + ",t=" + params.iterations() + ",p=" + params.parallelism()
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /** Whether {@code password} matches {@code encoded}; false (never an exception) for a damaged hash. */
    public boolean verify(String password, String encoded) {
        Parsed p = parse(encoded);
        if (p == null) return false;
        byte[] actual = withPermit(() -> derive(password, p.salt(), p.params(), p.hash().length));
        return MessageDigest.isEqual(actual, p.hash());
    }

    /** Spends the time of one verification and answers false: for a user name that does not exist. */
    public boolean verifyNobody(String password) {
        String d = dummy;
        if (d == null) dummy = d = hash("not a password of anyone");
        verify(password, d);
        return false;
    }

    /** Whether {@code encoded} was made with other parameters than today's (or cannot be read). */
    public boolean needsRehash(String encoded) {
        Parsed p = parse(encoded);
        return p == null || !p.params().equals(params);
    }

    /** Runs {@code work} (a hash) once a permit is free; busy (503) after waiting {@code maxWait} for one. */
    <T> T withPermit(Supplier<T> work) {
        boolean got;
        try {
            got = permits.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            got = false;
        }
        if (!got) throw new BusyException(BUSY, Duration.ofSeconds(1));
        try {
            return work.get();
        } finally {
            permits.release();
        }
    }

    private static byte[] derive(String password, byte[] salt, Params params, int length) {
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(params.memoryKiB())
                .withIterations(params.iterations())
                .withParallelism(params.parallelism())
                .withSalt(salt)
                .build());
        byte[] out = new byte[length];
        gen.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }

    private record Parsed(Params params, byte[] salt, byte[] hash) {}

    /** Reads a PHC string; null when it is not one of ours (bounds keep a damaged row from costing gigabytes). */
    private static Parsed parse(String encoded) {
        if (encoded == null) return null;
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != 6 || !parts[0].isEmpty() || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            return null;
        }
        try {
            int m = 0, t = 0, p = 0;
            for (String kv : parts[3].split(",")) {
                String[] pair = kv.split("=", 2);
                if (pair.length != 2) return null;
                int v = Integer.parseInt(pair[1]);
                switch (pair[0]) {
                    case "m" -> m = v;
                    case "t" -> t = v;
                    case "p" -> p = v;
                    default -> { return null; }
                }
            }
            byte[] salt = B64D.decode(parts[4]);
            byte[] hash = B64D.decode(parts[5]);
            if (m < 8 || m > 1024 * 1024 || t < 1 || t > 64 || p < 1 || p > 16 || salt.length < 8 || hash.length < 16) {
                return null;
            }
            return new Parsed(new Params(m, t, p), salt, hash);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
