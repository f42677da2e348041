package io.urbanflow.orchestration;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * What the scheduler runs and when, from the scheduler's config file (or {@code urbanflow.properties}). Immutable.
 *
 * <p>Keys, with their defaults (as the sibling design: every hour load → raw → stage → mart, every day maintenance):
 * <ul>
 *   <li>{@code scheduler.schedules} — {@code hourly,daily}: the names of the cron schedules</li>
 *   <li>{@code scheduler.schedule.NAME.cron} — a Quartz cron expression; hourly {@code 0 0 * * * ?}, daily {@code 0 30 3 * * ?}</li>
 *   <li>{@code scheduler.schedule.NAME.select} — what it runs; hourly {@code kind:load kind:model} (with the models'
 *       data tests), daily {@code maintenance}</li>
 *   <li>{@code scheduler.zone} — {@code UTC}: the zone the cron expressions are read in</li>
 *   <li>{@code scheduler.data-trigger} — {@code on}: a model also runs when its inputs have new snapshots</li>
 *   <li>{@code scheduler.data-trigger.select} — {@code kind:model}: the models the data trigger watches</li>
 *   <li>{@code scheduler.data-trigger.min-interval} — 60s: a model runs on data at most this often</li>
 *   <li>{@code scheduler.catchup} — {@code false}: firings missed while no scheduler ran are not run on start (run
 *       them with {@code urbanflow pipeline backfill}); {@code true} runs each missed firing since the last one recorded
 *       in the run history, one at a time and in order, as in Airflow's {@code catchup=True}</li>
 *   <li>{@code scheduler.tick} — 1s: how often the scheduler looks at the clock, queued runs and orphans</li>
 * </ul>
 */
public record SchedulerConfig(List<Schedule> schedules, boolean dataTrigger, Selection dataSelection, Duration dataMinInterval,
                              boolean catchup, Duration tick) {
    public static final String SCHEDULES = "scheduler.schedules";
    public static final String SCHEDULE_PREFIX = "scheduler.schedule.";
    public static final String ZONE = "scheduler.zone";
    public static final String DATA_TRIGGER = "scheduler.data-trigger";
    public static final String DATA_SELECT = "scheduler.data-trigger.select";
    public static final String DATA_MIN_INTERVAL = "scheduler.data-trigger.min-interval";
    public static final String CATCHUP = "scheduler.catchup";
    public static final String TICK = "scheduler.tick";

    public static final String DEFAULT_HOURLY_CRON = "0 0 * * * ?";
    public static final String DEFAULT_HOURLY_SELECT = "kind:load kind:model";
    public static final String DEFAULT_DAILY_CRON = "0 30 3 * * ?";
    public static final String DEFAULT_DAILY_SELECT = "maintenance";
    public static final Duration DEFAULT_DATA_MIN_INTERVAL = Duration.ofSeconds(60);
    public static final Duration DEFAULT_TICK = Duration.ofSeconds(1);

    public SchedulerConfig {
        schedules = List.copyOf(schedules);
        dataSelection = dataSelection == null ? Selection.parse("kind:model") : dataSelection;
        if (dataMinInterval == null || dataMinInterval.isNegative()) {
            throw new UrbanFlowException("Cannot use " + DATA_MIN_INTERVAL + "=" + dataMinInterval + ": expected a duration of 0 or more");
        }
        if (tick == null || tick.toMillis() < 10) {
            throw new UrbanFlowException("Cannot use " + TICK + "=" + tick + ": expected a duration of at least 10ms");
        }
    }

    public static SchedulerConfig defaults() {
        return from(Settings.empty());
    }

    /**
     * @throws UrbanFlowException naming the key of a wrong value
     */
    public static SchedulerConfig from(Settings settings) {
        ZoneId zone;
        try {
            zone = ZoneId.of(settings.string(ZONE, "UTC").trim());
        } catch (RuntimeException e) {
            throw new UrbanFlowException("Cannot use " + ZONE + "=" + settings.string(ZONE, "") + ": expected a zone such as UTC or Europe/Rome");
        }
        String catchup = settings.string(CATCHUP, "false").trim().toLowerCase(java.util.Locale.ROOT);
        if (!catchup.equals("true") && !catchup.equals("false")) {
            throw new UrbanFlowException("Cannot use " + CATCHUP + "=" + catchup + ": expected true or false");
        }
        List<Schedule> schedules = new ArrayList<>();
        String names = settings.string(SCHEDULES, "hourly,daily").trim();
        for (String name : names.isEmpty() ? new String[0] : names.split("[\\s,]+")) {
            String cron = settings.string(SCHEDULE_PREFIX + name + ".cron", name.equals("hourly") ? DEFAULT_HOURLY_CRON
                    : name.equals("daily") ? DEFAULT_DAILY_CRON : null);
            String select = settings.string(SCHEDULE_PREFIX + name + ".select", name.equals("hourly") ? DEFAULT_HOURLY_SELECT
                    : name.equals("daily") ? DEFAULT_DAILY_SELECT : null);
            if (cron == null || select == null) {
                throw new UrbanFlowException("Cannot use schedule " + name + ": set " + SCHEDULE_PREFIX + name + ".cron and "
                        + SCHEDULE_PREFIX + name + ".select");
            }
            schedules.add(new Schedule(name, cron.trim(), zone, Selection.parse(select)));
        }
        String data = settings.string(DATA_TRIGGER, "on").trim().toLowerCase(java.util.Locale.ROOT);
        if (!data.equals("on") && !data.equals("off")) {
            throw new UrbanFlowException("Cannot use " + DATA_TRIGGER + "=" + data + ": expected on or off");
        }
        return new SchedulerConfig(schedules, data.equals("on"), Selection.parse(settings.string(DATA_SELECT, "kind:model")),
                settings.duration(DATA_MIN_INTERVAL, DEFAULT_DATA_MIN_INTERVAL), catchup.equals("true"), settings.duration(TICK, DEFAULT_TICK));
    }

    /** Lines for the scheduler's start: each schedule and the data trigger. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (Schedule schedule : schedules) {
            lines.add("schedule " + schedule.name() + ": '" + schedule.cron() + "' (" + schedule.zone() + ") runs " + schedule.selection());
        }
        lines.add(catchup ? "catch-up: on (firings missed since the last recorded one run first, one at a time)"
                : "catch-up: off (urbanflow pipeline backfill runs missed intervals)");
        lines.add(dataTrigger ? "data trigger: " + dataSelection + " when their inputs have new snapshots, each at most every "
                + dataMinInterval.toSeconds() + " s" : "data trigger: off");
        return lines;
    }
}
