package io.urbanflow.orchestration;

import io.urbanflow.model.UrbanFlowException;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * A cron schedule: a name, a Quartz cron expression (seconds minutes hours day-of-month month day-of-week, e.g.
 * {@code 0 0 * * * ?} every hour) in a zone, and the selection it runs. Immutable; {@link #nextAfter} is thread-safe.
 */
public record Schedule(String name, String cron, ZoneId zone, Selection selection) {
    public Schedule {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new UrbanFlowException("Cannot use schedule name '" + name + "': lower-case letters, digits and dashes");
        }
        expression(cron, zone, name); // validates
        selection = selection == null ? Selection.all() : selection;
    }

    /** The first firing strictly after {@code instant}, or null when the expression never fires again. */
    public Instant nextAfter(Instant instant) {
        Date next = expression(cron, zone, name).getNextValidTimeAfter(Date.from(instant));
        return next == null ? null : next.toInstant();
    }

    /** The trigger key of the firing at {@code time}: unique, so that two schedulers start it once. */
    public String firingKey(Instant time) {
        return "schedule:" + name + ":" + time;
    }

    static CronExpression expression(String cron, ZoneId zone, String name) {
        try {
            CronExpression expression = new CronExpression(cron);
            expression.setTimeZone(TimeZone.getTimeZone(zone));
            return expression;
        } catch (ParseException | RuntimeException e) {
            throw new UrbanFlowException("Cannot use cron expression '" + cron + "' of schedule " + name + ": " + e.getMessage()
                    + " (expected seconds minutes hours day-of-month month day-of-week, e.g. '0 0 * * * ?' for every hour)");
        }
    }
}
