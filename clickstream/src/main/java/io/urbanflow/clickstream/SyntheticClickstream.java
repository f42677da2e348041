package io.urbanflow.clickstream;

import io.urbanflow.clickstream.internal.ShopSimulation;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.sources.RecordSource;
import io.urbanflow.sources.SourceGenerator;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The synthetic shop, the clickstream demo's default source: {@code synthetic:clickstream,visitors=15000,days=1,seed=7,start=2022-11-28}.
 * Visitors arrive over each UTC day following a daily cycle; some come back (same click_id, more sessions); each
 * session walks home, product, cart, payment and confirmation pages with realistic drop-off; every visitor has a
 * traffic source and UTM campaign, a device, a browser and a country. The records are the four sample files' lines
 * (same fields, same value formats), in event-time order; device and geo events come once per click_id, right after
 * its first page view. Same options, same bytes. Stateless and thread-safe.
 */
public final class SyntheticClickstream implements SourceGenerator {
    /** The first item of every specification this generator accepts. */
    public static final String PREFIX = "synthetic:clickstream";

    @Override
    public String domain() {
        return ClickstreamDomain.NAME;
    }

    /** {@code synthetic:clickstream} alone or followed by {@code ,key=value} items. */
    @Override
    public boolean accepts(String specification) {
        if (specification == null) {
            return false;
        }
        String text = specification.trim().toLowerCase(Locale.ROOT);
        return text.equals(PREFIX) || text.startsWith(PREFIX + ",");
    }

    @Override
    public String description() {
        return Options.EXAMPLE + ": a synthetic shop's visitors (visitors = new visitors a UTC day; days, seed and the "
                + "start date optional) as the four clickstream files' events";
    }

    @Override
    public RecordSource open(String specification) {
        return new ShopSimulation(Options.parse(specification));
    }

    /** A source of these options. */
    public static RecordSource open(Options options) {
        return new ShopSimulation(options);
    }

    /**
     * What the shop simulates. Immutable; validated on construction.
     *
     * @param visitors new visitors each UTC day, 1 to {@value #MAX_VISITORS}
     * @param days     simulated UTC days from {@code start}, 1 to {@value #MAX_DAYS}
     * @param seed     the same seed gives the same events, byte for byte
     * @param start    the first simulated UTC day
     */
    public record Options(int visitors, int days, long seed, LocalDate start) {
        public static final int DEFAULT_VISITORS = 15_000;
        public static final int DEFAULT_DAYS = 1;
        public static final long DEFAULT_SEED = 7;
        /** The sample's day. */
        public static final LocalDate DEFAULT_START = LocalDate.of(2022, 11, 28);
        public static final int MAX_VISITORS = 10_000_000;
        public static final int MAX_DAYS = 366;
        public static final String EXAMPLE = "synthetic:clickstream,visitors=15000,days=1,seed=7,start=2022-11-28";
        private static final String KEYS = "visitors, days, seed, start";

        public Options {
            if (visitors < 1 || visitors > MAX_VISITORS) {
                throw new UrbanFlowException("Cannot generate clickstream: visitors=" + visitors + " is outside 1.." + MAX_VISITORS);
            }
            if (days < 1 || days > MAX_DAYS) {
                throw new UrbanFlowException("Cannot generate clickstream: days=" + days + " is outside 1.." + MAX_DAYS);
            }
            if (start == null) {
                throw new UrbanFlowException("Cannot generate clickstream: no start date");
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_VISITORS, DEFAULT_DAYS, DEFAULT_SEED, DEFAULT_START);
        }

        /**
         * Reads {@code synthetic:clickstream,visitors=15000,days=1,seed=7,start=2022-11-28}; missing keys take the defaults.
         *
         * @throws UrbanFlowException naming the item that does not parse or the key that is unknown or repeated
         */
        public static Options parse(String specification) {
            String text = specification == null ? "" : specification.trim();
            if (!new SyntheticClickstream().accepts(text)) {
                throw new UrbanFlowException("Cannot read clickstream generator '" + specification + "': expected " + EXAMPLE);
            }
            Options options = defaults();
            Set<String> seen = new HashSet<>();
            String[] items = text.split(",");
            for (int i = 1; i < items.length; i++) {
                String item = items[i].trim();
                if (item.isEmpty()) {
                    continue;
                }
                int equals = item.indexOf('=');
                if (equals <= 0) {
                    throw new UrbanFlowException("Cannot read clickstream generator item '" + item + "': expected key=value with a key of " + KEYS);
                }
                String key = item.substring(0, equals).trim().toLowerCase(Locale.ROOT);
                String value = item.substring(equals + 1).trim();
                if (!seen.add(key)) {
                    throw new UrbanFlowException("Cannot read clickstream generator '" + specification + "': " + key + " is given twice");
                }
                try {
                    options = switch (key) {
                        case "visitors" -> options.withVisitors(Integer.parseInt(value.replace("_", "")));
                        case "days" -> new Options(options.visitors, Integer.parseInt(value), options.seed, options.start);
                        case "seed" -> new Options(options.visitors, options.days, Long.parseLong(value), options.start);
                        case "start" -> options.withStart(LocalDate.parse(value));
                        default -> throw new UrbanFlowException("Cannot read clickstream generator item '" + item
                                + "': unknown key " + key + " (known: " + KEYS + ")");
                    };
                } catch (NumberFormatException | DateTimeParseException e) {
                    throw new UrbanFlowException("Cannot read clickstream generator item '" + item + "': "
                            + (key.equals("start") ? "expected a date such as 2022-11-28" : "expected a whole number"));
                }
            }
            return options;
        }

        /** The specification that {@link #parse} reads back into these options. */
        public String specification() {
            return PREFIX + ",visitors=" + visitors + ",days=" + days + ",seed=" + seed + ",start=" + start;
        }

        public Options withVisitors(int count) {
            return new Options(count, days, seed, start);
        }

        public Options withStart(LocalDate day) {
            return new Options(visitors, days, seed, day);
        }
    }
}
