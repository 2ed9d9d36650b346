package org.thatdam.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.thatdam.core.testing.DamTesting.assertCode;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.thatdam.model.ErrorCode;

class AgesTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    @Test
    void lengthsOfTimeAsUsersTypeThem() {
        assertThat(Ages.duration("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Ages.duration(" 12h ")).isEqualTo(Duration.ofHours(12));
        assertThat(Ages.duration("90d")).isEqualTo(Duration.ofDays(90));
        assertThat(Ages.duration("2w")).isEqualTo(Duration.ofDays(14));
        assertCode(() -> Ages.duration("0d"), ErrorCode.INVALID, "more than zero");
        assertCode(() -> Ages.duration("7 days"), ErrorCode.INVALID, "not a length of time");
        assertCode(() -> Ages.duration(null), ErrorCode.INVALID, "not a length of time");
    }

    @Test
    void sinceIsATimeADayOrAnAgeBackFromNow() {
        assertThat(Ages.since("7d", NOW)).isEqualTo(Instant.parse("2026-03-03T12:00:00Z"));
        assertThat(Ages.since("2026-01-31", NOW)).isEqualTo(Instant.parse("2026-01-31T00:00:00Z"));
        assertThat(Ages.since("2026-01-31T08:00:00Z", NOW)).isEqualTo(Instant.parse("2026-01-31T08:00:00Z"));
        assertCode(() -> Ages.since("yesterday" + "x".repeat(500), NOW), ErrorCode.INVALID, "neither a time");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Ages.since("x".repeat(500), NOW)).getMessage())
                .as("what was typed is echoed in part").hasSizeLessThan(200);
    }
}
