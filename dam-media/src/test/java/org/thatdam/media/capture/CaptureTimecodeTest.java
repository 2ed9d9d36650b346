package org.thatdam.media.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.FrameRate;
import org.thatdam.model.Timecode;

/** SMPTE timecodes and frame rates: drop-frame counting over a whole day, the wall clock, and what does not parse. */
class CaptureTimecodeTest {

    @Test
    void dropFrameRoundTripsEveryFrameOfADayAt2997And5994() {
        for (FrameRate rate : new FrameRate[] {FrameRate.NTSC, FrameRate.NTSC_DOUBLE}) {
            int fps = rate.nominal();
            int drop = fps / 15;
            long n = 0;
            Timecode prev = null;
            while (true) {
                Timecode tc = Timecode.fromFrameCount(n, rate);
                if (n > 0 && tc.hours() == 0 && tc.minutes() == 0 && tc.seconds() == 0 && tc.frames() == 0) break; // wrapped
                // plain checks: an assertion object per frame of a day would be most of the time spent
                if (!tc.dropFrame() || tc.toFrameCount(rate) != n) fail(tc + " at " + rate + " is not frame " + n);
                if (tc.seconds() == 0 && tc.minutes() % 10 != 0 && tc.frames() < drop) fail(tc + " should have been skipped");
                if (prev != null && !next(prev, fps, drop).equals(tc)) fail(tc + " does not follow " + prev);
                if (n % 997 == 0 && !Timecode.parse(tc.toString()).equals(tc)) fail(tc + " does not parse back");
                prev = tc;
                n++;
            }
            // 24 h of drop-frame labels: 2589408 at 29.97 (5178816 at 59.94), within 0.1 s of a real day
            assertThat(n).isEqualTo(rate == FrameRate.NTSC ? 2_589_408L : 5_178_816L);
            assertThat(Math.abs(n / rate.fps() - 86_400)).isLessThan(0.1);
            assertThat(Timecode.fromFrameCount(n, rate)).hasToString("00:00:00;00");
        }
    }

    /** The label after {@code t}, by the SMPTE rule, not by our frame arithmetic. */
    private static Timecode next(Timecode t, int fps, int drop) {
        int h = t.hours(), m = t.minutes(), s = t.seconds(), f = t.frames() + 1;
        if (f == fps) {
            f = 0;
            if (++s == 60) {
                s = 0;
                if (++m == 60) {
                    m = 0;
                    h++;
                }
                if (m % 10 != 0) f = drop;
            }
        }
        return new Timecode(h % 24, m, s, f, true);
    }

    @Test
    void theWallClockGivesTheLabelOfTheTimeOfDay() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Instant tenLocal = Instant.parse("2026-06-01T08:00:00Z"); // 10:00 in Berlin in summer
        // drop-frame labels run 3.6 ms an hour behind the real clock: ten hours in, a frame (two at 59.94) behind
        assertThat(Timecode.fromWallClock(tenLocal, berlin, FrameRate.NTSC)).hasToString("10:00:00;01");
        assertThat(Timecode.fromWallClock(tenLocal, berlin, FrameRate.NTSC_DOUBLE)).hasToString("10:00:00;02");
        assertThat(Timecode.fromWallClock(Instant.parse("2026-06-01T08:10:00Z"), berlin, FrameRate.NTSC)).hasToString("10:10:00;01");
        assertThat(Timecode.fromWallClock(Instant.parse("2026-06-01T12:34:56.480Z"), ZoneOffset.UTC, new FrameRate(25, 1)))
                .hasToString("12:34:56:12");
        assertThat(Timecode.fromWallClock(Instant.parse("2026-06-01T23:59:59.999Z"), ZoneOffset.UTC, new FrameRate(50, 1)))
                .hasToString("23:59:59:49");
        // 29.97 drop-frame: the label at 00:01:00.0 real time is the 1798th frame, labelled 00:00:59;28
        assertThat(Timecode.fromWallClock(Instant.parse("2026-06-01T00:01:00Z"), ZoneOffset.UTC, FrameRate.NTSC))
                .hasToString("00:00:59;28");
        assertThat(Timecode.parse("10:00:00:00").plusFrames(25 * 3600 * 14, new FrameRate(25, 1))).hasToString("00:00:00:00");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10:00:00", "24:00:00:00", "10:60:00:00", "10:00:60:00", "aa:bb:cc:dd", "10:00:00:00:00",
            "-1:00:00:00", "10:00:00:1234", "10:00:00:00 x", "１０:00:00:00"})
    void timecodesThatDoNotParse(String text) {
        assertThatThrownBy(() -> Timecode.parse(text))
                .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID))
                .hasMessageContaining("timecode");
        assertThatThrownBy(() -> Timecode.parse(null)).isInstanceOf(DamException.class);
    }

    @Test
    void labelsThatDoNotExistAtARate() {
        assertThatThrownBy(() -> Timecode.parse("10:01:00;00").toFrameCount(FrameRate.NTSC))
                .isInstanceOf(DamException.class).hasMessageContaining("does not exist in drop-frame");
        assertThatThrownBy(() -> Timecode.parse("10:01:00;03").toFrameCount(FrameRate.NTSC_DOUBLE))
                .isInstanceOf(DamException.class).hasMessageContaining("does not exist in drop-frame");
        assertThat(Timecode.parse("10:10:00;00").toFrameCount(FrameRate.NTSC)).isEqualTo(10 * 107_892L + 17_982L);
        assertThatThrownBy(() -> Timecode.parse("10:00:00:25").toFrameCount(new FrameRate(25, 1)))
                .isInstanceOf(DamException.class).hasMessageContaining("more frames than 25");
    }

    @Test
    void frameRates() {
        assertThat(FrameRate.parse("30000/1001")).isEqualTo(FrameRate.NTSC).hasToString("30000/1001");
        assertThat(FrameRate.parse("29.97")).isEqualTo(FrameRate.NTSC);
        assertThat(FrameRate.parse("59.94")).isEqualTo(FrameRate.NTSC_DOUBLE);
        assertThat(FrameRate.parse("50/2")).isEqualTo(new FrameRate(25, 1)).hasToString("25/1");
        assertThat(FrameRate.parse(" 25 ").dropFrame()).isFalse();
        assertThat(FrameRate.NTSC.dropFrame()).isTrue();
        assertThat(FrameRate.NTSC.nominal()).isEqualTo(30);
        assertThat(FrameRate.NTSC.frameNanos()).isEqualTo(33_366_667L);
        assertThat(new FrameRate(24000, 1001).dropFrame()).isFalse();
        for (String bad : new String[] {"0", "-25", "1/0", "0/1", "abc", "25/", "/25", "1e9", "2000", "NaN", "99999999999", ""}) {
            assertThatThrownBy(() -> FrameRate.parse(bad)).as(bad)
                    .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID))
                    .hasMessageContaining("frame rate");
        }
    }
}
