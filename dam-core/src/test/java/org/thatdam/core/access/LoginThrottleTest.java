package org.thatdam.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.thatdam.core.testing.DamTesting.assertCode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.thatdam.core.testing.TestClock;
import org.thatdam.model.ErrorCode;

class LoginThrottleTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-01-10T10:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void attemptsInFlightCountAgainstTheAccountAndTheAddress() {
        List<LoginThrottle.Attempt> open = new ArrayList<>();
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) open.add(throttle.reserve("ed", "10.0.0.1"));
        assertCode(() -> throttle.reserve("ED", "10.0.0.2"), ErrorCode.RATE_LIMITED, "too many failed logins");
        assertCode(() -> throttle.reserve("vi", "10.0.0.1"), ErrorCode.RATE_LIMITED, "too many failed logins");
        assertThat(throttle.reserve("vi", "10.0.0.2")).as("another account from another address").isNotNull();

        open.removeFirst().close(); // given back: the check itself failed, e.g. the server was busy
        LoginThrottle.Attempt again = throttle.reserve("ed", "10.0.0.3");
        again.succeeded();
        open.forEach(LoginThrottle.Attempt::failed);
        assertThat(throttle.reserve("ed", "10.0.0.4")).as("the success cleared the account: four failures are still free").isNotNull();
    }

    @Test
    void pastTheFreeFailuresOneAttemptAtATime() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES - 1; i++) throttle.reserve("ed", "10.0.0.1").failed();
        LoginThrottle.Attempt last = throttle.reserve("ed", "10.0.0.1");
        assertCode(() -> throttle.reserve("ed", "10.0.0.1"), ErrorCode.RATE_LIMITED, "try again in 1 s");
        last.failed();
        assertCode(() -> throttle.reserve("ed", "10.0.0.1"), ErrorCode.RATE_LIMITED, "try again in 1 s");
        clock.advance(LoginThrottle.FIRST_WAIT);
        LoginThrottle.Attempt next = throttle.reserve("ed", "10.0.0.1");
        assertCode(() -> throttle.reserve("ed", "10.0.0.9"), ErrorCode.RATE_LIMITED, "try again");
        next.failed();
        assertCode(() -> throttle.reserve("ed", "10.0.0.9"), ErrorCode.RATE_LIMITED, "try again in 2 s");
    }

    @Test
    void shareLinksCountApartFromLogins() {
        LoginThrottle links = LoginThrottle.forShareLinks(clock);
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) links.reserve("share:1", "10.0.0.1").failed();
        assertCode(() -> links.reserve("share:1", "10.0.0.1"), ErrorCode.RATE_LIMITED,
                "too many wrong passwords for this link; try again in 1 s");
        assertThat(throttle.reserve("admin", "10.0.0.1")).as("the login throttle knows nothing of it").isNotNull();
    }
}
