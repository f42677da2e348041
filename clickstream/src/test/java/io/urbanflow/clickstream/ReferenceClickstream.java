package io.urbanflow.clickstream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The clickstream marts computed in plain Java straight from the event files, written for the tests from the issue's
 * rules and sharing no code with the models: the independent side of every mart comparison. Files are read in the
 * order given; of several lines with one id the first read wins, as a load in that order keeps the first received.
 */
final class ReferenceClickstream {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final Pattern PRODUCT = Pattern.compile("^/product_([^/?#]+)/?$", Pattern.CASE_INSENSITIVE);

    /** A page view as the stage should have it. */
    record Event(String eventId, String clickId, long micros, String path, String category, String productId, String source,
                 String medium, String campaign, String deviceType, String osName, String browserName, String country,
                 boolean hasLocation, boolean hasDevice, boolean hasGeo, Double latitude) {
        int step() {
            return switch (category) {
                case "home" -> 1;
                case "product" -> 2;
                case "cart" -> 3;
                case "payment" -> 4;
                case "confirmation" -> 5;
                default -> 0;
            };
        }
    }

    record Session(String sessionId, String clickId, long startMicros, long endMicros, int pageViews, String landingPage, String exitPage,
                   String source, String medium, String campaign, String deviceType, String osName, String browserName, String country,
                   int productsAdded, String furthestStep, boolean converted, int purchases) {
        LocalDate day() {
            return dayOf(startMicros);
        }
    }

    record Purchase(String eventId, String clickId, String sessionId, long micros, int items, int distinctProducts, boolean emptyCart,
                    Map<String, Integer> quantities) {
    }

    final List<Map<String, Object>> browserLines = new ArrayList<>();
    final List<Map<String, Object>> locationLines = new ArrayList<>();
    final List<Map<String, Object>> deviceLines = new ArrayList<>();
    final List<Map<String, Object>> geoLines = new ArrayList<>();
    final List<Event> events = new ArrayList<>();

    /** Reads files named like the sample's ({@code browser_events*}, plain or gzip), in the given order. */
    static ReferenceClickstream of(List<Path> files) {
        ReferenceClickstream reference = new ReferenceClickstream();
        for (Path file : files) {
            String name = file.getFileName().toString();
            List<Map<String, Object>> target = name.startsWith("browser_events") ? reference.browserLines
                    : name.startsWith("location_events") ? reference.locationLines
                    : name.startsWith("device_events") ? reference.deviceLines : reference.geoLines;
            target.addAll(lines(file));
        }
        reference.join();
        return reference;
    }

    static ReferenceClickstream ofFolder(Path folder) {
        try (var listing = Files.list(folder)) {
            return of(listing.sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void join() {
        Map<String, Map<String, Object>> location = firstById(locationLines, "event_id");
        Map<String, Map<String, Object>> device = firstById(deviceLines, "click_id");
        Map<String, Map<String, Object>> geo = firstById(geoLines, "click_id");
        for (Map<String, Object> browser : firstById(browserLines, "event_id").values()) {
            String eventId = (String) browser.get("event_id");
            String clickId = (String) browser.get("click_id");
            Map<String, Object> page = location.get(eventId);
            Map<String, Object> machine = device.get(clickId);
            Map<String, Object> place = geo.get(clickId);
            String path = page == null ? null : (String) page.get("page_url_path");
            String category = category(path);
            String productId = null;
            if (path != null) {
                Matcher matcher = PRODUCT.matcher(path);
                productId = matcher.matches() ? matcher.group(1) : null;
            }
            String source = "(unknown)";
            String medium = "(unknown)";
            String campaign = "(unknown)";
            if (page != null) {
                String domain = refererDomain((String) page.get("referer_url"));
                source = first((String) page.get("utm_source"), domain, "(direct)");
                medium = first((String) page.get("utm_medium"), (String) page.get("referer_medium"), "(none)");
                campaign = first((String) page.get("utm_campaign"), null, "(none)");
            }
            Double latitude = null;
            if (place != null && place.get("geo_latitude") != null) {
                try {
                    double value = Double.parseDouble(((String) place.get("geo_latitude")).trim());
                    latitude = value >= -90 && value <= 90 ? value : null;
                } catch (NumberFormatException e) {
                    latitude = null;
                }
            }
            events.add(new Event(eventId, clickId, micros((String) browser.get("event_timestamp")), path, category, productId, source,
                    medium, campaign, machine == null ? null : (String) machine.get("device_type"),
                    machine == null ? null : (String) machine.get("os_name"), (String) browser.get("browser_name"),
                    place == null ? null : (String) place.get("geo_country"), page != null, machine != null, place != null, latitude));
        }
    }

    static String category(String path) {
        if (path == null) {
            return "other";
        }
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.equals("/home") || lower.equals("/home/") || lower.equals("/")) {
            return "home";
        }
        if (PRODUCT.matcher(path).matches()) {
            return "product";
        }
        for (String page : List.of("cart", "payment", "confirmation")) {
            if (lower.equals("/" + page) || lower.equals("/" + page + "/")) {
                return page;
            }
        }
        return "other";
    }

    static String refererDomain(String url) {
        if (url == null) {
            return null;
        }
        String text = url.trim().toLowerCase(Locale.ROOT);
        int scheme = text.indexOf("://");
        if (scheme >= 0) {
            text = text.substring(scheme + 3);
        }
        if (text.startsWith("www.")) {
            text = text.substring(4);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '/' || c == ':' || c == '?' || c == '#') {
                text = text.substring(0, i);
                break;
            }
        }
        return text.isEmpty() ? null : text;
    }

    private static String first(String a, String b, String otherwise) {
        return a != null ? a : b != null ? b : otherwise;
    }

    private static Map<String, Map<String, Object>> firstById(List<Map<String, Object>> lines, String id) {
        Map<String, Map<String, Object>> first = new LinkedHashMap<>();
        for (Map<String, Object> line : lines) {
            first.putIfAbsent((String) line.get(id), line);
        }
        return first;
    }

    /** Each click_id's events in order (time, then event_id). */
    Map<String, List<Event>> byClick() {
        Map<String, List<Event>> byClick = new TreeMap<>();
        for (Event event : events) {
            byClick.computeIfAbsent(event.clickId(), key -> new ArrayList<>()).add(event);
        }
        byClick.values().forEach(list -> list.sort(Comparator.comparingLong(Event::micros).thenComparing(Event::eventId)));
        return byClick;
    }

    /** Sessions with a timeout in microseconds ({@link Long#MAX_VALUE}: one per click_id). */
    List<Session> sessions(long timeoutMicros) {
        List<Session> sessions = new ArrayList<>();
        for (List<Event> clickEvents : byClick().values()) {
            List<Event> current = new ArrayList<>();
            for (Event event : clickEvents) {
                if (!current.isEmpty() && event.micros() - current.get(current.size() - 1).micros() > timeoutMicros) {
                    sessions.add(session(current));
                    current = new ArrayList<>();
                }
                current.add(event);
            }
            sessions.add(session(current));
        }
        return sessions;
    }

    private static Session session(List<Event> events) {
        Event first = events.get(0);
        Event last = events.get(events.size() - 1);
        int products = 0;
        int step = 0;
        int purchases = 0;
        for (Event event : events) {
            products += event.category().equals("product") ? 1 : 0;
            purchases += event.category().equals("confirmation") ? 1 : 0;
            step = Math.max(step, event.step());
        }
        String furthest = new String[] {"none", "home", "product", "cart", "payment", "confirmation"}[step];
        return new Session(first.clickId() + "-" + first.micros(), first.clickId(), first.micros(), last.micros(), events.size(),
                first.path(), last.path(), first.source(), first.medium(), first.campaign(), first.deviceType(), first.osName(),
                first.browserName(), first.country(), products, furthest, step == 5, purchases);
    }

    /** Purchases: each click_id's cart filled by product views and paid and emptied by each confirmation. */
    List<Purchase> purchases(long timeoutMicros) {
        Map<String, String> sessionOf = new HashMap<>();
        for (Map.Entry<String, List<Event>> click : byClick().entrySet()) {
            long sessionStart = -1;
            long previous = Long.MIN_VALUE;
            for (Event event : click.getValue()) {
                if (sessionStart < 0 || event.micros() - previous > timeoutMicros) {
                    sessionStart = event.micros();
                }
                previous = event.micros();
                sessionOf.put(event.eventId(), click.getKey() + "-" + sessionStart);
            }
        }
        List<Purchase> purchases = new ArrayList<>();
        for (List<Event> clickEvents : byClick().values()) {
            Map<String, Integer> cart = new TreeMap<>();
            for (Event event : clickEvents) {
                if (event.category().equals("product")) {
                    cart.merge(event.productId(), 1, Integer::sum);
                } else if (event.category().equals("confirmation")) {
                    int items = cart.values().stream().mapToInt(Integer::intValue).sum();
                    purchases.add(new Purchase(event.eventId(), event.clickId(), sessionOf.get(event.eventId()), event.micros(), items,
                            cart.size(), cart.isEmpty(), Map.copyOf(cart)));
                    cart = new TreeMap<>();
                }
            }
        }
        return purchases;
    }

    /** The columns of a {@code mart.data_quality} row after its day, in order. */
    static final List<String> QUALITY_FIGURES = List.of("browser_events", "duplicate_browser_events", "browser_events_without_location",
            "location_events", "duplicate_location_events", "orphan_location_events", "device_events", "orphan_device_events",
            "geo_events", "orphan_geo_events", "clicks_without_device", "clicks_without_geo", "rejected_messages",
            "empty_cart_purchases");

    /**
     * {@code mart.data_quality} by day: each line counted on the day of the page view it belongs to (a browser line on its
     * own day, a location line on its browser event's day, a device or geo line on the day of its click_id's first page
     * view), an orphan line on {@code ingestionDay}. No rejects (the files are read as they are).
     */
    Map<LocalDate, long[]> dataQuality(long timeoutMicros, LocalDate ingestionDay) {
        Map<LocalDate, long[]> days = new TreeMap<>();
        java.util.function.BiConsumer<LocalDate, String> add = (day, figure) -> days.computeIfAbsent(day, key -> new long[QUALITY_FIGURES.size()])
                [QUALITY_FIGURES.indexOf(figure)]++;
        Map<String, Event> byId = new HashMap<>();
        events.forEach(event -> byId.put(event.eventId(), event));
        Map<String, Long> firstSeen = new HashMap<>();
        for (Map.Entry<String, List<Event>> click : byClick().entrySet()) {
            firstSeen.put(click.getKey(), click.getValue().get(0).micros());
        }
        // duplicates of a day: lines that day less distinct events that day
        for (Map<String, Object> line : browserLines) {
            LocalDate day = dayOf(micros((String) line.get("event_timestamp")));
            add.accept(day, "browser_events");
            add.accept(day, "duplicate_browser_events");
        }
        for (Event event : events) {
            days.computeIfAbsent(dayOf(event.micros()), key -> new long[QUALITY_FIGURES.size()])[QUALITY_FIGURES.indexOf("duplicate_browser_events")]--;
            if (!event.hasLocation()) {
                add.accept(dayOf(event.micros()), "browser_events_without_location");
            }
        }
        java.util.Set<String> seenLocations = new java.util.HashSet<>();
        for (Map<String, Object> line : locationLines) {
            String eventId = (String) line.get("event_id");
            Event event = byId.get(eventId);
            LocalDate day = event == null ? ingestionDay : dayOf(event.micros());
            add.accept(day, "location_events");
            if (!seenLocations.add(eventId)) {
                add.accept(day, "duplicate_location_events");
            }
            if (event == null) {
                add.accept(day, "orphan_location_events");
            }
        }
        for (String kind : List.of("device", "geo")) {
            for (Map<String, Object> line : kind.equals("device") ? deviceLines : geoLines) {
                Long first = firstSeen.get((String) line.get("click_id"));
                LocalDate day = first == null ? ingestionDay : dayOf(first);
                add.accept(day, kind + "_events");
                if (first == null) {
                    add.accept(day, "orphan_" + kind + "_events");
                }
            }
        }
        java.util.Set<String> withDevice = new java.util.HashSet<>();
        deviceLines.forEach(line -> withDevice.add((String) line.get("click_id")));
        java.util.Set<String> withGeo = new java.util.HashSet<>();
        geoLines.forEach(line -> withGeo.add((String) line.get("click_id")));
        firstSeen.forEach((clickId, micros) -> {
            if (!withDevice.contains(clickId)) {
                add.accept(dayOf(micros), "clicks_without_device");
            }
            if (!withGeo.contains(clickId)) {
                add.accept(dayOf(micros), "clicks_without_geo");
            }
        });
        for (Purchase purchase : purchases(timeoutMicros)) {
            if (purchase.emptyCart()) {
                add.accept(dayOf(purchase.micros()), "empty_cart_purchases");
            } else {
                days.computeIfAbsent(dayOf(purchase.micros()), key -> new long[QUALITY_FIGURES.size()]);
            }
        }
        return days;
    }

    static LocalDate dayOf(long micros) {
        return LocalDate.ofEpochDay(Math.floorDiv(micros, 86_400_000_000L));
    }

    static long micros(String timestamp) {
        LocalDateTime time = LocalDateTime.parse(timestamp.trim().replace(' ', 'T'));
        Instant instant = time.toInstant(ZoneOffset.UTC);
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    static List<Map<String, Object>> lines(Path file) {
        List<Map<String, Object>> lines = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    lines.add(parse(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    static Map<String, Object> parse(String line) {
        Map<String, Object> fields = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(line)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                fields.put(name, token == JsonToken.VALUE_NULL ? null : token.isBoolean() ? (Object) parser.getBooleanValue() : parser.getText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fields;
    }
}
