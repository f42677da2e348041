package io.urbanflow.clickstream.internal;

import io.urbanflow.clickstream.EventKind;
import io.urbanflow.clickstream.SyntheticClickstream;
import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.RecordSink;
import io.urbanflow.sources.RecordSource;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The synthetic shop: visitors arrive over each UTC day following a daily cycle, each with a click_id, a traffic
 * source and campaign, a device, a browser and a place; some come back for more sessions (hours or days later, same
 * click_id); each session walks home, product, cart, payment and confirmation pages with drop-off at every step
 * (likelier to buy from some sources than others). Events come out in event-time order, as the four sample files'
 * lines: a browser and a location event per page view, and a device and a geo event once per click_id, right after
 * its first page view.
 *
 * <p>Deterministic: every draw comes from a {@link SplittableRandom} seeded by (seed, UTC day, visitor of the day,
 * stream), so the same options give the same bytes, and a day's visitors are the same whichever span includes it.
 * Memory: the planned session starts (a few per visitor) and the sessions running at once. Single use, not
 * thread-safe.
 */
public final class ShopSimulation implements RecordSource {
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;
    /** Chance that a visitor comes back after a session (decreasing by a third each time), and the most sessions. */
    private static final double RETURN_PROBABILITY = 0.38;
    private static final int MAX_SESSIONS = 8;
    private static final int MAX_PAGES = 40;
    /** No session lasts longer (then it ends), and sessions of one visitor are at least this far apart. */
    private static final long MAX_SESSION_MICROS = 2 * 3_600L * MICROS_PER_SECOND;
    private static final long MIN_RETURN_MICROS = 3 * 3_600L * MICROS_PER_SECOND;

    private static final int HOME = 0;
    private static final int PRODUCT = 1;
    private static final int CART = 2;
    private static final int PAYMENT = 3;
    private static final int CONFIRMATION = 4;
    private static final int EXIT = 5;
    private static final String[] PATHS = {"/home", "/product_", "/cart", "/payment", "/confirmation"};

    private final SyntheticClickstream.Options options;
    private final List<String> topics;
    private final StringBuilder json = new StringBuilder(512);
    private final char[] timestamp = new char[26];
    private boolean read;

    public ShopSimulation(SyntheticClickstream.Options options) {
        this.options = options;
        List<String> names = new ArrayList<>();
        for (EventKind kind : EventKind.values()) {
            names.add(kind.topic());
        }
        this.topics = List.copyOf(names);
    }

    @Override
    public String name() {
        return options.specification();
    }

    @Override
    public List<String> topics() {
        return topics;
    }

    @Override
    public Optional<ZoneId> zone() {
        return Optional.of(ZoneOffset.UTC);
    }

    @Override
    public ReadSummary read(RecordSink records, RejectSink rejects) {
        if (read) {
            throw new IllegalStateException("Cannot read " + name() + " twice: a source is single use");
        }
        read = true;
        PlannedSession[] planned = plan();
        PriorityQueue<Session> running = new PriorityQueue<>();
        long emitted = 0;
        for (PlannedSession next : planned) {
            while (!running.isEmpty() && running.peek().nextMicros <= next.startMicros) {
                emitted += step(running, records);
            }
            running.add(new Session(next, visitor(next.day, next.visitor)));
        }
        while (!running.isEmpty()) {
            emitted += step(running, records);
        }
        return new ReadSummary(emitted, 0);
    }

    /** Emits the head session's page view and schedules its next one. */
    private int step(PriorityQueue<Session> running, RecordSink records) {
        Session session = running.poll();
        int emitted = emitPageView(session, records);
        if (session.advance()) {
            running.add(session);
        }
        return emitted;
    }

    /** Every visitor's session starts, in time order (ties by day, visitor, session). */
    PlannedSession[] plan() {
        List<PlannedSession> sessions = new ArrayList<>();
        long firstDay = options.start().toEpochDay();
        long endMicros = (firstDay + options.days()) * MICROS_PER_DAY;
        for (int dayIndex = 0; dayIndex < options.days(); dayIndex++) {
            long day = firstDay + dayIndex;
            for (int visitor = 0; visitor < options.visitors(); visitor++) {
                SplittableRandom random = random(day, visitor, 0);
                int hour = ShopCatalog.pick(random, ShopCatalog.HOUR_WEIGHTS);
                long start = day * MICROS_PER_DAY + hour * 3_600L * MICROS_PER_SECOND + (long) (random.nextDouble() * 3_600L * MICROS_PER_SECOND);
                double returning = RETURN_PROBABILITY;
                for (int index = 0; index < MAX_SESSIONS && start < endMicros; index++) {
                    sessions.add(new PlannedSession(start, day, visitor, index));
                    if (random.nextDouble() >= returning) {
                        break;
                    }
                    returning *= 0.67;
                    // back after hours or days: 3 h at least, 14 h on average more
                    start += MIN_RETURN_MICROS + (long) (-Math.log(1 - random.nextDouble()) * 14 * 3_600L * MICROS_PER_SECOND);
                }
            }
        }
        PlannedSession[] sorted = sessions.toArray(new PlannedSession[0]);
        Arrays.sort(sorted);
        return sorted;
    }

    private SplittableRandom random(long day, int visitor, int stream) {
        long mixed = options.seed() * 0x9E3779B97F4A7C15L;
        mixed = mix(mixed ^ day);
        mixed = mix(mixed ^ visitor);
        mixed = mix(mixed ^ stream);
        return new SplittableRandom(mixed);
    }

    private static long mix(long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A visitor's fixed traits, drawn from its own stream. */
    Visitor visitor(long day, int index) {
        SplittableRandom random = random(day, index, 1);
        String clickId = uuid(random);
        ShopCatalog.Source source = ShopCatalog.SOURCES[ShopCatalog.pick(random, ShopCatalog.SOURCE_WEIGHTS)];
        String campaign = ShopCatalog.CAMPAIGNS[ShopCatalog.pick(random, ShopCatalog.CAMPAIGN_WEIGHTS)];
        String content = ShopCatalog.CONTENTS[ShopCatalog.pick(random, ShopCatalog.CONTENT_WEIGHTS)];
        ShopCatalog.System system = ShopCatalog.SYSTEMS[ShopCatalog.pick(random, ShopCatalog.SYSTEM_WEIGHTS)];
        String os = system.versions()[random.nextInt(system.versions().length)];
        String browser = ShopCatalog.BROWSERS[ShopCatalog.pick(random, ShopCatalog.BROWSER_WEIGHTS)];
        boolean apple = system.osName().equals("iOS") || system.osName().equals("MacOS");
        if (browser.equals("Safari") != apple && random.nextDouble() < 0.7) {
            browser = apple ? "Safari" : "Chrome";
        } else if (browser.equals("Safari") && !apple) {
            browser = "Firefox";
        }
        String userAgent = ShopCatalog.userAgent(random, browser, os);
        ShopCatalog.Place place = ShopCatalog.PLACES[ShopCatalog.pick(random, ShopCatalog.PLACE_WEIGHTS)];
        String latitude = coordinate(place.latitude() + (random.nextDouble() - 0.5) * 0.2);
        String longitude = coordinate(place.longitude() + (random.nextDouble() - 0.5) * 0.2);
        String ip = (1 + random.nextInt(223)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
        String email = ShopCatalog.NAMES[random.nextInt(ShopCatalog.NAMES.length)]
                + ShopCatalog.NAMES[random.nextInt(ShopCatalog.NAMES.length)] + (random.nextInt(100) < 40 ? random.nextInt(100) : "")
                + "@" + ShopCatalog.MAIL_DOMAINS[ShopCatalog.pick(random, ShopCatalog.MAIL_WEIGHTS)];
        String userDomainId = uuid(random);
        double intent = source.intent() * (0.35 + 1.3 * random.nextDouble());
        return new Visitor(clickId, clickId.getBytes(StandardCharsets.UTF_8), source, campaign, content, system, os, browser,
                userAgent, place, latitude, longitude, ip, email, userDomainId, intent);
    }

    record Visitor(String clickId, byte[] key, ShopCatalog.Source source, String campaign, String content, ShopCatalog.System system,
                   String os, String browser, String userAgent, ShopCatalog.Place place, String latitude, String longitude,
                   String ip, String email, String userDomainId, double intent) {
    }

    record PlannedSession(long startMicros, long day, int visitor, int index) implements Comparable<PlannedSession> {
        @Override
        public int compareTo(PlannedSession other) {
            int byStart = Long.compare(startMicros, other.startMicros);
            if (byStart != 0) {
                return byStart;
            }
            int byDay = Long.compare(day, other.day);
            if (byDay != 0) {
                return byDay;
            }
            int byVisitor = Integer.compare(visitor, other.visitor);
            return byVisitor != 0 ? byVisitor : Integer.compare(index, other.index);
        }
    }

    /** One visit under way: where the visitor is and when the next page view comes. */
    private final class Session implements Comparable<Session> {
        final PlannedSession planned;
        final Visitor visitor;
        final SplittableRandom random;
        long nextMicros;
        int page;
        String product;
        int pages;
        boolean firstOfVisitor;

        Session(PlannedSession planned, Visitor visitor) {
            this.planned = planned;
            this.visitor = visitor;
            this.random = random(planned.day, planned.visitor, 2 + planned.index);
            this.nextMicros = planned.startMicros;
            this.firstOfVisitor = planned.index == 0;
            double landing = random.nextDouble();
            this.page = landing < 0.62 ? HOME : landing < (planned.index > 0 ? 0.94 : 0.98) ? PRODUCT : CART;
            this.product = page == PRODUCT ? product() : null;
        }

        private String product() {
            return ShopCatalog.PRODUCTS[ShopCatalog.pick(random, ShopCatalog.PRODUCT_WEIGHTS)];
        }

        /** Moves to the next page; false when the visitor leaves. */
        boolean advance() {
            pages++;
            int next = next();
            long dwell = dwellMicros();
            if (next == EXIT || pages >= MAX_PAGES || nextMicros + dwell - planned.startMicros > MAX_SESSION_MICROS) {
                return false;
            }
            page = next;
            product = page == PRODUCT ? product() : null;
            nextMicros += dwell;
            return true;
        }

        private int next() {
            double m = visitor.intent;
            double draw = random.nextDouble();
            return switch (page) {
                case HOME -> draw < 0.58 ? PRODUCT : draw < 0.70 ? HOME : draw < 0.72 ? CART : EXIT;
                case PRODUCT -> {
                    double toCart = Math.min(0.5, 0.16 * m);
                    yield draw < toCart ? CART : draw < toCart + 0.46 ? PRODUCT : draw < toCart + 0.62 ? HOME : EXIT;
                }
                case CART -> {
                    double toPayment = Math.min(0.8, 0.30 * m);
                    yield draw < toPayment ? PAYMENT : draw < toPayment + 0.22 ? PRODUCT : draw < toPayment + 0.30 ? HOME : EXIT;
                }
                case PAYMENT -> {
                    double toConfirmation = Math.min(0.9, 0.50 * Math.sqrt(m));
                    yield draw < toConfirmation ? CONFIRMATION : draw < toConfirmation + 0.08 ? CART : EXIT;
                }
                default -> draw < 0.30 ? HOME : draw < 0.45 ? PRODUCT : EXIT;
            };
        }

        /** Seconds to a minute on a page (log-normal), now and then a pause of minutes, never near the session timeout. */
        private long dwellMicros() {
            if (random.nextDouble() < 0.03) {
                return (120 + random.nextInt(600)) * MICROS_PER_SECOND + random.nextInt(1_000_000);
            }
            double seconds = Math.exp(Math.log(14) + 0.85 * random.nextGaussian());
            return 1_000_000L + (long) (Math.min(seconds, 600) * MICROS_PER_SECOND);
        }

        @Override
        public int compareTo(Session other) {
            int byTime = Long.compare(nextMicros, other.nextMicros);
            return byTime != 0 ? byTime : planned.compareTo(other.planned);
        }
    }

    /** The page view's browser and location events, and after a visitor's first page its device and geo events. */
    private int emitPageView(Session session, RecordSink records) {
        Visitor visitor = session.visitor;
        String eventId = uuid(session.random);
        String path = session.page == PRODUCT ? PATHS[PRODUCT] + session.product : PATHS[session.page];
        long micros = session.nextMicros;
        formatTimestamp(micros);

        json.setLength(0);
        json.append("{\"event_id\": \"").append(eventId).append("\", \"event_timestamp\": \"").append(timestamp)
                .append("\", \"event_type\": \"pageview\", \"click_id\": \"").append(visitor.clickId())
                .append("\", \"browser_name\": ");
        string(visitor.browser()).append(", \"browser_user_agent\": ");
        string(visitor.userAgent()).append(", \"browser_language\": ");
        string(visitor.place().language()).append('}');
        records.accept(new SourceRecord(topics.get(0), visitor.key(), bytes(), micros));

        ShopCatalog.Source source = visitor.source();
        json.setLength(0);
        json.append("{\"event_id\": \"").append(eventId).append("\", \"page_url\": \"").append(ShopCatalog.SITE).append(path)
                .append("\", \"page_url_path\": \"").append(path).append("\", \"referer_url\": ");
        string(source.refererUrl()).append(", \"referer_medium\": ");
        string(source.refererMedium()).append(", \"utm_medium\": ");
        string(source.utmMedium()).append(", \"utm_source\": ");
        string(source.utmSource()).append(", \"utm_content\": ");
        string(visitor.content()).append(", \"utm_campaign\": ");
        string(visitor.campaign()).append('}');
        records.accept(new SourceRecord(topics.get(1), eventId.getBytes(StandardCharsets.UTF_8), bytes(), -1));
        if (!session.firstOfVisitor) {
            return 2;
        }
        session.firstOfVisitor = false;

        json.setLength(0);
        json.append("{\"click_id\": \"").append(visitor.clickId()).append("\", \"os\": ");
        string(visitor.os()).append(", \"os_name\": ");
        string(visitor.system().osName()).append(", \"os_timezone\": ");
        string(visitor.place().timezone()).append(", \"device_type\": ");
        string(visitor.system().deviceType()).append(", \"device_is_mobile\": ")
                .append(visitor.system().deviceType().equals("Mobile")).append(", \"user_custom_id\": ");
        string(visitor.email()).append(", \"user_domain_id\": ");
        string(visitor.userDomainId()).append('}');
        records.accept(new SourceRecord(topics.get(2), visitor.key(), bytes(), -1));

        json.setLength(0);
        json.append("{\"click_id\": \"").append(visitor.clickId()).append("\", \"geo_latitude\": ");
        string(visitor.latitude()).append(", \"geo_longitude\": ");
        string(visitor.longitude()).append(", \"geo_country\": ");
        string(visitor.place().country()).append(", \"geo_timezone\": ");
        string(visitor.place().timezone()).append(", \"geo_region_name\": ");
        string(visitor.place().region()).append(", \"ip_address\": ");
        string(visitor.ip()).append('}');
        records.accept(new SourceRecord(topics.get(3), visitor.key(), bytes(), -1));
        return 4;
    }

    private byte[] bytes() {
        int length = json.length();
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            char c = json.charAt(i);
            if (c > 127) {
                return json.toString().getBytes(StandardCharsets.UTF_8);
            }
            bytes[i] = (byte) c;
        }
        return bytes;
    }

    /** Appends a JSON string. */
    private StringBuilder string(String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\');
            }
            json.append(c);
        }
        return json.append('"');
    }

    /** {@code yyyy-MM-dd HH:mm:ss.SSSSSS} of the UTC time {@code micros}, into {@link #timestamp}. */
    private void formatTimestamp(long micros) {
        long days = Math.floorDiv(micros, MICROS_PER_DAY);
        long ofDay = micros - days * MICROS_PER_DAY;
        // civil_from_days (Howard Hinnant)
        long z = days + 719_468;
        long era = (z >= 0 ? z : z - 146_096) / 146_097;
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        long seconds = ofDay / MICROS_PER_SECOND;
        int fraction = (int) (ofDay % MICROS_PER_SECOND);
        digits(0, year, 4);
        timestamp[4] = '-';
        digits(5, month, 2);
        timestamp[7] = '-';
        digits(8, day, 2);
        timestamp[10] = ' ';
        digits(11, (int) (seconds / 3600), 2);
        timestamp[13] = ':';
        digits(14, (int) (seconds / 60 % 60), 2);
        timestamp[16] = ':';
        digits(17, (int) (seconds % 60), 2);
        timestamp[19] = '.';
        digits(20, fraction, 6);
    }

    private void digits(int at, int value, int count) {
        for (int i = at + count - 1; i >= at; i--) {
            timestamp[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** A random (version 4) UUID's text. */
    private static String uuid(SplittableRandom random) {
        long most = random.nextLong() & ~0xF000L | 0x4000L;
        long least = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }

    /** A coordinate as the sample writes it: up to five decimals, no trailing zeros. */
    static String coordinate(double value) {
        long scaled = Math.round(value * 100_000);
        boolean negative = scaled < 0;
        scaled = Math.abs(scaled);
        StringBuilder text = new StringBuilder(12);
        if (negative) {
            text.append('-');
        }
        text.append(scaled / 100_000);
        long fraction = scaled % 100_000;
        text.append('.');
        if (fraction == 0) {
            return text.append('0').toString();
        }
        String digits = Long.toString(100_000 + fraction).substring(1);
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        return text.append(digits, 0, end).toString();
    }
}
