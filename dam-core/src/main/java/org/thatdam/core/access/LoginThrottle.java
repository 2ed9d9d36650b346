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
 */
public final class LoginThrottle {

    static final int FREE_FAILURES = 5;
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration MAX_WAIT = Duration.ofMinutes(15);
    /** Failures older than this are forgotten. */
    static final Duration MEMORY = Duration.ofHours(1);
    private static final int MAX_ENTRIES = 100_000;

    private record Entry(int failures, long lastFailure, long blockedUntil) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Refuses (rate_limited, with the wait in the message) while the account or the address must wait. */
    public void check(String account, String address) {
        long now = clock.millis();
        long until = Math.max(blockedUntil(accountKey(account), now), blockedUntil(addressKey(address), now));
        if (until > now) {
            long seconds = Math.max(1, (until - now + 999) / 1000);
            throw new RateLimitedException("too many failed logins; try again in " + seconds + " s", Duration.ofSeconds(seconds));
        }
    }

    public void failed(String account, String address) {
        long now = clock.millis();
        if (entries.size() > MAX_ENTRIES) forgetOld(now);
        bump(accountKey(account), now);
        if (address != null) bump(addressKey(address), now);
    }

    public void succeeded(String account) {
        entries.remove(accountKey(account));
    }

    private long blockedUntil(String key, long now) {
        Entry e = key == null ? null : entries.get(key);
        return e == null || now - e.lastFailure() > MEMORY.toMillis() ? 0 : e.blockedUntil();
    }

    private void bump(String key, long now) {
        entries.compute(key, (k, e) -> {
            int failures = e == null || now - e.lastFailure() > MEMORY.toMillis() ? 1 : e.failures() + 1;
            long wait = 0;
            if (failures >= FREE_FAILURES) {
                int doublings = Math.min(failures - FREE_FAILURES, 20);
                wait = Math.min(FIRST_WAIT.toMillis() << doublings, MAX_WAIT.toMillis());
            }
            return new Entry(failures, now, now + wait);
        });
    }

    private void forgetOld(long now) {
        entries.values().removeIf(e -> now - e.lastFailure() > MEMORY.toMillis());
    }

    private static String accountKey(String account) {
        return "u:" + (account == null ? "" : account.strip().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return address == null ? null : "a:" + address;
    }
}
