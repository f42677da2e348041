package io.urbanflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineSchedulerTest {
    /** A clock the test moves; the sleeper jumps it to the deadline. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2014-02-01T08:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void runs_at_every_multiple_of_the_period_until_the_task_stops() {
        MovableClock clock = new MovableClock();
        List<Instant> calls = new ArrayList<>();
        PipelineScheduler scheduler = new PipelineScheduler(Duration.ofSeconds(10), clock, deadline -> clock.now = deadline);
        long runs = scheduler.run(iteration -> {
            calls.add(clock.now);
            clock.now = clock.now.plusSeconds(2);
            return iteration < 3;
        });
        assertThat(runs).isEqualTo(3);
        assertThat(calls).containsExactly(Instant.parse("2014-02-01T08:00:00Z"), Instant.parse("2014-02-01T08:00:10Z"),
                Instant.parse("2014-02-01T08:00:20Z"));
    }

    @Test
    void a_run_longer_than_the_period_skips_the_slots_it_overran() {
        MovableClock clock = new MovableClock();
        List<Instant> calls = new ArrayList<>();
        PipelineScheduler scheduler = new PipelineScheduler(Duration.ofSeconds(10), clock, deadline -> clock.now = deadline);
        scheduler.run(iteration -> {
            calls.add(clock.now);
            clock.now = clock.now.plusSeconds(iteration == 1 ? 25 : 1);
            return iteration < 2;
        });
        assertThat(calls).containsExactly(Instant.parse("2014-02-01T08:00:00Z"), Instant.parse("2014-02-01T08:00:30Z"));
    }

    @Test
    void an_interrupt_while_waiting_ends_the_schedule() {
        MovableClock clock = new MovableClock();
        PipelineScheduler scheduler = new PipelineScheduler(Duration.ofSeconds(10), clock, deadline -> {
            throw new InterruptedException("Ctrl-C");
        });
        assertThat(scheduler.run(iteration -> true)).isEqualTo(1);
        assertThat(Thread.interrupted()).isTrue();
    }
}
