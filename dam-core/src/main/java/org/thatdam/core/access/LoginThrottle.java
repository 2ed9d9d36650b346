package org.thatdam.core.access;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.thatdam.model.RateLimitedException;

/**
 * Slows password guessing, per account and per client address: the first few failures are free,
 * then each further one doubles the wait before the next attempt (up to a cap). A success clears
 * the account's count, never the address's (else one valid account would reset an attacker's
 * address). Kept in memory: a restart forgives, which costs a guesser little.
 *
 * <p>An attempt is {@link #reserve reserved} before its password is hashed and counts as a failure
 * while in flight, so parallel guesses cannot all pass a check made before any of them failed: at
 * most the free failures are in flight at once, and past them one attempt at a time.
 */
public final class LoginThrottle {

    static final int FREE_FAILURES = 5;
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration MAX_WAIT = Duration.ofMinutes(15);
    /** Failures older than this are forgotten. */
    static final Duration MEMORY = Duration.ofHours(1);
    private static final int MAX_ENTRIES = 100_000;

    private record Entry(int failures, int inFlight, long lastFailure, long blockedUntil) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    /** What is counted, for the refusal: "failed logins", "wrong passwords for this link". */
    private final String what;

    /** For logins (and password changes). */
    public LoginThrottle(Clock clock) {
        this(clock, "failed logins");
    }

    private LoginThrottle(Clock clock, String what) {
        this.clock = clock;
        this.what = what;
    }

    /**
     * For share link passwords: a throttle of their own, so that wrong guesses at a link never lock
     * anyone's login from the same address.
     */
    public static LoginThrottle forShareLinks(Clock clock) {
        return new LoginThrottle(clock, "wrong passwords for this link");
    }

    /**
     * One reserved attempt: settle it with {@link #failed} or {@link #succeeded}; closing an unsettled
     * one (the check itself failed, e.g. the server was busy) gives the reservation back uncounted.
     */
    public final class Attempt implements AutoCloseable {
        private final String account;
        private final String address;
        private boolean settled;

        private Attempt(String account, String address) {
            this.account = account;
            this.address = address;
        }

        public void failed() {
            if (settled) return;
            settled = true;
            long now = clock.millis();
            if (entries.size() > MAX_ENTRIES) forgetOld(now);
            fail(account, now);
            if (address != null) fail(address, now);
        }

        /** Clears the account's failures; the address keeps its own. */
        public void succeeded() {
            if (settled) return;
            settled = true;
            entries.computeIfPresent(account, (k, e) -> new Entry(0, Math.max(0, e.inFlight() - 1), e.lastFailure(), 0));
            if (address != null) release(address);
        }

        @Override
        public void close() {
            if (settled) return;
            settled = true;
            release(account);
            if (address != null) release(address);
        }
    }

    /** Reserves an attempt, or refuses (rate_limited, with the wait in the message) while the account or the address must wait. */
    public Attempt reserve(String account, String address) {
        long now = clock.millis();
        String a = accountKey(account);
        String b = addressKey(address);
        take(a, now);
        if (b != null) {
            try {
                take(b, now);
            } catch (RateLimitedException e) {
                release(a);
                throw e;
            }
        }
        return new Attempt(a, b);
    }

    /** Counts one attempt in flight on {@code key}, atomically with the check that it may start. */
    private void take(String key, long now) {
        long[] refusedUntil = {0};
        entries.compute(key, (k, e) -> {
            Entry c = e == null || (e.inFlight() == 0 && now - e.lastFailure() > MEMORY.toMillis()) ? new Entry(0, 0, 0, 0) : e;
            boolean free = c.failures() + c.inFlight() < FREE_FAILURES;
            if (c.blockedUntil() > now || (!free && c.inFlight() > 0)) {
                refusedUntil[0] = Math.max(c.blockedUntil(), now + FIRST_WAIT.toMillis());
                return e;
            }
            return new Entry(c.failures(), c.inFlight() + 1, c.lastFailure(), c.blockedUntil());
        });
        if (refusedUntil[0] > 0) {
            long seconds = Math.max(1, (refusedUntil[0] - now + 999) / 1000);
            throw new RateLimitedException("too many " + what + "; try again in " + seconds + " s", Duration.ofSeconds(seconds));
        }
    }

    private void fail(String key, long now) {
        entries.compute(key, (k, e) -> {
            int inFlight = e == null ? 0 : Math.max(0, e.inFlight() - 1);
            int failures = e == null || now - e.lastFailure() > MEMORY.toMillis() ? 1 : e.failures() + 1;
            long wait = 0;
            if (failures >= FREE_FAILURES) {
                int doublings = Math.min(failures - FREE_FAILURES, 20);
                wait = Math.min(FIRST_WAIT.toMillis() << doublings, MAX_WAIT.toMillis());
            }
            return new Entry(failures, inFlight, now, now + wait);
        });
    }

    private void release(String key) {
        entries.computeIfPresent(key, (k, e) -> e.failures() == 0 && e.inFlight() <= 1 ? null
                : new Entry(e.failures(), Math.max(0, e.inFlight() - 1), e.lastFailure(), e.blockedUntil()));
    }

    private void forgetOld(long now) {
        entries.values().removeIf(e -> e.inFlight() == 0 && now - e.lastFailure() > MEMORY.toMillis());
    }

    private static String accountKey(String account) {
        return "u:" + (account == null ? "" : account.strip().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return address == null ? null : "a:" + address;
    }
}
