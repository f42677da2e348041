package io.urbanflow.clickstream.internal;

import java.util.SplittableRandom;

/**
 * The synthetic shop's vocabularies, in the sample files' value formats: products, traffic sources, devices, browsers,
 * languages and places. Immutable constants; {@link #pick} draws from weighted lists.
 */
final class ShopCatalog {
    static final String SITE = "http://www.dummywebsite.com";

    /** Product ids ({@code /product_a} ...) with their popularity (Zipf-like). */
    static final String[] PRODUCTS = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"};
    static final double[] PRODUCT_WEIGHTS = cumulative(new double[] {30, 22, 15, 11, 8, 6, 5, 4, 3, 2.5, 2, 1.5});

    /**
     * Traffic sources: utm_source, the referrer, referer_medium, utm_medium, weight, and how much likelier its visitors
     * are to buy (1 = average).
     */
    record Source(String utmSource, String refererUrl, String refererMedium, String utmMedium, double weight, double intent) {
    }

    static final Source[] SOURCES = {
        new Source("google", "www.google.com", "search", "organic", 20, 1.1),
        new Source("google", "www.google.com", "search", "cpc", 9, 1.5),
        new Source("bing", "www.bing.com", "search", "organic", 3, 1.0),
        new Source("bing", "www.bing.com", "search", "cpc", 1.5, 1.3),
        new Source("facebook", "www.facebook.com", "internal", "social", 14, 0.7),
        new Source("facebook", "www.facebook.com", "internal", "cpc", 6, 0.9),
        new Source("instagram", "www.instagram.com", "internal", "social", 15, 0.6),
        new Source("instagram", "www.instagram.com", "internal", "affiliate", 4, 1.0),
        new Source("mailchimp", "www.mailchimp.com", "internal", "organic", 7, 1.8),
        new Source("mailchimp", "www.mailchimp.com", "internal", "cpc", 4, 1.6),
        new Source("tiktok", "www.tiktok.com", "internal", "social", 8, 0.5),
        new Source("partner", "www.dealsfinder.com", "internal", "affiliate", 5, 1.2),
    };
    static final double[] SOURCE_WEIGHTS;

    static final String[] CAMPAIGNS = {"campaign_1", "campaign_2", "campaign_3"};
    static final double[] CAMPAIGN_WEIGHTS = cumulative(new double[] {55, 30, 15});
    static final String[] CONTENTS = {"ad_1", "ad_2", "ad_3", "ad_4", "ad_5"};
    static final double[] CONTENT_WEIGHTS = cumulative(new double[] {10, 25, 30, 20, 15});

    /** Operating systems: os_name, device type, weight, and the {@code os} texts it comes as. */
    record System(String osName, String deviceType, double weight, String[] versions) {
    }

    static final System[] SYSTEMS = {
        new System("iOS", "Mobile", 33, new String[] {"iPhone; CPU iPhone OS 16_1 like Mac OS X", "iPhone; CPU iPhone OS 15_7 like Mac OS X",
            "iPhone; CPU iPhone OS 14_8_1 like Mac OS X", "iPad; CPU iPad OS 16_1 like Mac OS X", "iPad; CPU iPad OS 15_7 like Mac OS X"}),
        new System("Android", "Mobile", 32, new String[] {"Android 13", "Android 12", "Android 11", "Android 10", "Android 9"}),
        new System("Windows", "Computer", 18, new String[] {"Windows NT 10.0", "Windows NT 6.3", "Windows NT 6.1"}),
        new System("MacOS", "Computer", 13, new String[] {"Macintosh; Intel Mac OS X 13_0", "Macintosh; Intel Mac OS X 12_6",
            "Macintosh; Intel Mac OS X 10_15_7"}),
        new System("Linux", "Computer", 4, new String[] {"X11; Linux x86_64", "X11; Ubuntu; Linux x86_64"}),
    };
    static final double[] SYSTEM_WEIGHTS;

    static final String[] BROWSERS = {"Chrome", "Safari", "Firefox", "Edge", "Opera"};
    static final double[] BROWSER_WEIGHTS = cumulative(new double[] {55, 22, 12, 8, 3});

    static final String[] MAIL_DOMAINS = {"gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com"};
    static final double[] MAIL_WEIGHTS = cumulative(new double[] {40, 20, 18, 12, 10});
    static final String[] NAMES = {"anna", "ben", "carla", "david", "elena", "farid", "greta", "hiro", "ines", "jonas", "kim",
        "lucas", "maria", "nils", "olga", "pedro", "quinn", "rosa", "sam", "tara", "umar", "vera", "wei", "xenia", "yusuf", "zoe"};

    /** A place: country code, zone, region, latitude, longitude, weight, browser language. */
    record Place(String country, String timezone, String region, double latitude, double longitude, double weight, String language) {
    }

    static final Place[] PLACES = {
        new Place("US", "America/New_York", "New York", 40.71427, -74.00597, 9, "en_US"),
        new Place("US", "America/New_York", "Boston", 42.35843, -71.05977, 3, "en_US"),
        new Place("US", "America/Chicago", "Chicago", 41.85003, -87.65005, 4, "en_US"),
        new Place("US", "America/Los_Angeles", "Los Angeles", 34.05223, -118.24368, 6, "en_US"),
        new Place("US", "America/Los_Angeles", "Seattle", 47.60621, -122.33207, 3, "en_US"),
        new Place("CA", "America/Toronto", "Toronto", 43.70011, -79.4163, 3, "en_CA"),
        new Place("MX", "America/Mexico_City", "Mexico City", 19.42847, -99.12766, 4, "es_MX"),
        new Place("BR", "America/Sao_Paulo", "Sao Paulo", -23.5475, -46.63611, 5, "pt_BR"),
        new Place("BR", "America/Sao_Paulo", "Rio de Janeiro", -22.90642, -43.18223, 3, "pt_BR"),
        new Place("AR", "America/Argentina/Buenos_Aires", "Buenos Aires", -34.61315, -58.37723, 2, "es_AR"),
        new Place("GB", "Europe/London", "London", 51.50853, -0.12574, 6, "en_GB"),
        new Place("GB", "Europe/London", "Manchester", 53.48095, -2.23743, 2, "en_GB"),
        new Place("DE", "Europe/Berlin", "Berlin", 52.52437, 13.41053, 4, "de_DE"),
        new Place("DE", "Europe/Berlin", "Munich", 48.13743, 11.57549, 2, "de_DE"),
        new Place("FR", "Europe/Paris", "Paris", 48.85341, 2.3488, 5, "fr_FR"),
        new Place("FR", "Europe/Paris", "Lyon", 45.74846, 4.84671, 1.5, "fr_FR"),
        new Place("ES", "Europe/Madrid", "Madrid", 40.4165, -3.70256, 3, "es_ES"),
        new Place("ES", "Europe/Madrid", "Barcelona", 41.38879, 2.15899, 2, "es_ES"),
        new Place("IT", "Europe/Rome", "Rome", 41.89193, 12.51133, 3, "it_IT"),
        new Place("IT", "Europe/Rome", "Milan", 45.46427, 9.18951, 2, "it_IT"),
        new Place("NL", "Europe/Amsterdam", "Amsterdam", 52.37403, 4.88969, 2, "nl_NL"),
        new Place("PL", "Europe/Warsaw", "Warsaw", 52.22977, 21.01178, 2, "pl_PL"),
        new Place("RU", "Europe/Moscow", "Moscow", 55.75222, 37.61556, 3, "ru_RU"),
        new Place("TR", "Europe/Istanbul", "Istanbul", 41.01384, 28.94966, 2, "tr_TR"),
        new Place("IN", "Asia/Kolkata", "Mumbai", 19.07283, 72.88261, 4, "hi_IN"),
        new Place("IN", "Asia/Kolkata", "Bengaluru", 12.97194, 77.59369, 3, "en_IN"),
        new Place("CN", "Asia/Shanghai", "Shanghai", 31.22222, 121.45806, 3, "zh_CN"),
        new Place("JP", "Asia/Tokyo", "Tokyo", 35.6895, 139.69171, 4, "ja_JP"),
        new Place("KR", "Asia/Seoul", "Seoul", 37.566, 126.9784, 2, "ko_KR"),
        new Place("ID", "Asia/Jakarta", "Jakarta", -6.21462, 106.84513, 2, "id_ID"),
        new Place("AU", "Australia/Sydney", "Sydney", -33.86785, 151.20732, 2, "en_AU"),
        new Place("ZA", "Africa/Johannesburg", "Johannesburg", -26.20227, 28.04363, 1.5, "en_ZA"),
        new Place("NG", "Africa/Lagos", "Lagos", 6.45407, 3.39467, 1.5, "en_NG"),
        new Place("EG", "Africa/Cairo", "Cairo", 30.06263, 31.24967, 1.5, "ar_EG"),
    };
    static final double[] PLACE_WEIGHTS;

    /** Relative visits by UTC hour of day: quiet before dawn, a lunch bump, the evening peak. */
    static final double[] HOUR_WEIGHTS = cumulative(new double[] {
        0.55, 0.45, 0.35, 0.3, 0.3, 0.35, 0.5, 0.7, 0.9, 1.0, 1.05, 1.1,
        1.2, 1.15, 1.1, 1.1, 1.15, 1.25, 1.4, 1.6, 1.7, 1.55, 1.2, 0.8});

    static {
        double[] sources = new double[SOURCES.length];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = SOURCES[i].weight();
        }
        SOURCE_WEIGHTS = cumulative(sources);
        double[] systems = new double[SYSTEMS.length];
        for (int i = 0; i < systems.length; i++) {
            systems[i] = SYSTEMS[i].weight();
        }
        SYSTEM_WEIGHTS = cumulative(systems);
        double[] places = new double[PLACES.length];
        for (int i = 0; i < places.length; i++) {
            places[i] = PLACES[i].weight();
        }
        PLACE_WEIGHTS = cumulative(places);
    }

    private ShopCatalog() {
    }

    /** Running sums of {@code weights}, normalised to end at 1. */
    static double[] cumulative(double[] weights) {
        double total = 0;
        for (double weight : weights) {
            total += weight;
        }
        double[] sums = new double[weights.length];
        double running = 0;
        for (int i = 0; i < weights.length; i++) {
            running += weights[i];
            sums[i] = running / total;
        }
        sums[sums.length - 1] = 1.0;
        return sums;
    }

    /** An index drawn with the weights whose running sums are {@code cumulative}. */
    static int pick(SplittableRandom random, double[] cumulative) {
        double draw = random.nextDouble();
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (cumulative[middle] <= draw) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** A user agent of the browser on the system, shaped as the sample's. */
    static String userAgent(SplittableRandom random, String browser, String os) {
        int webkit = 530 + random.nextInt(8);
        int webkitMinor = random.nextInt(40);
        return switch (browser) {
            case "Firefox" -> {
                int version = 90 + random.nextInt(18);
                yield "Mozilla/5.0 (" + os + "; rv:" + version + ".0) Gecko/20100101 Firefox/" + version + ".0";
            }
            case "Safari" -> "Mozilla/5.0 (" + os + ") AppleWebKit/" + webkit + "." + webkitMinor + " (KHTML, like Gecko) Version/"
                    + (13 + random.nextInt(4)) + "." + random.nextInt(6) + " Safari/" + webkit + "." + webkitMinor;
            case "Edge" -> "Mozilla/5.0 (" + os + ") AppleWebKit/" + webkit + "." + webkitMinor + " (KHTML, like Gecko) Chrome/"
                    + (100 + random.nextInt(8)) + ".0." + (4000 + random.nextInt(1000)) + ".0 Safari/" + webkit + "." + webkitMinor
                    + " Edg/" + (100 + random.nextInt(8)) + ".0." + (1000 + random.nextInt(500)) + ".0";
            case "Opera" -> "Mozilla/5.0 (" + os + ") AppleWebKit/" + webkit + "." + webkitMinor + " (KHTML, like Gecko) Chrome/"
                    + (100 + random.nextInt(8)) + ".0." + (4000 + random.nextInt(1000)) + ".0 Safari/" + webkit + "." + webkitMinor
                    + " OPR/" + (88 + random.nextInt(6)) + ".0." + (4000 + random.nextInt(500)) + ".0";
            default -> "Mozilla/5.0 (" + os + ") AppleWebKit/" + webkit + "." + webkitMinor + " (KHTML, like Gecko) Chrome/"
                    + (100 + random.nextInt(8)) + ".0." + (4000 + random.nextInt(1000)) + ".0 Safari/" + webkit + "." + webkitMinor;
        };
    }
}
