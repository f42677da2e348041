package io.urbanflow.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.stream.ReplaySpeed;
import io.urbanflow.stream.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayPacerTest {
    private static final long MINUTE_MICROS = 60_000_000L;

    /** A clock that only moves when the fake sleeper sleeps. */
    private static final class FakeTime extends Clock implements Sleeper {
        private long millis = 1_000_000;
        private final List<Duration> sleeps = new ArrayList<>();

        @Override
        public void sleep(Duration duration) {
            sleeps.add(duration);
            millis += duration.toMillis();
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void waits_the_data_gap_divided_by_the_speed_in_slices() throws InterruptedException {
        FakeTime time = new FakeTime();
        ReplayPacer pacer = new ReplayPacer(ReplaySpeed.times(60), time, time);

        pacer.await(0, () -> false);
        pacer.await(MINUTE_MICROS, () -> false); // a minute of data at 60x: one second
        pacer.await(3 * MINUTE_MICROS, () -> false); // two more minutes: two more seconds

        assertThat(time.millis - 1_000_000).isEqualTo(3_000);
        assertThat(time.sleeps).allSatisfy(sleep -> assertThat(sleep).isLessThanOrEqualTo(Duration.ofMillis(200)));
    }

    @Test
    void points_that_go_back_in_time_are_not_held() throws InterruptedException {
        FakeTime time = new FakeTime();
        ReplayPacer pacer = new ReplayPacer(ReplaySpeed.times(1), time, time);

        pacer.await(MINUTE_MICROS, () -> false);
        pacer.await(0, () -> false);

        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void max_speed_never_sleeps() throws InterruptedException {
        FakeTime time = new FakeTime();
        ReplayPacer pacer = new ReplayPacer(ReplaySpeed.MAX, time, time);

        pacer.await(0, () -> false);
        pacer.await(60 * MINUTE_MICROS, () -> false);

        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void a_stop_request_ends_a_long_wait_within_one_slice() throws InterruptedException {
        FakeTime time = new FakeTime();
        ReplayPacer pacer = new ReplayPacer(ReplaySpeed.times(1), time, time);
        pacer.await(0, () -> false);

        pacer.await(60 * MINUTE_MICROS, () -> time.millis - 1_000_000 >= 1_000); // an hour's gap, stopped after 1 s

        assertThat(time.millis - 1_000_000).isEqualTo(1_000);
    }
}
