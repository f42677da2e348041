package io.urbanflow.mobility.sources;

import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.mobility.sources.internal.CabspottingFormat;
import io.urbanflow.mobility.sources.internal.CrawdadRomeFormat;
import io.urbanflow.mobility.sources.internal.CsvFormat;
import io.urbanflow.mobility.sources.internal.KaggleRomeFormat;
import io.urbanflow.mobility.sources.internal.PortoFormat;
import io.urbanflow.mobility.sources.internal.TDriveFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The formats UrbanFlow reads, in the order {@code urbanflow formats} lists them. */
public final class GpsFormats {
    private static final List<GpsFormat> ALL = List.of(
            new CrawdadRomeFormat(),
            new KaggleRomeFormat(),
            new CabspottingFormat(),
            new PortoFormat(),
            new TDriveFormat(),
            new CsvFormat());

    private GpsFormats() {
    }

    public static List<GpsFormat> all() {
        return ALL;
    }

    /** The names, comma-separated, for messages. */
    public static String names() {
        return ALL.stream().map(GpsFormat::name).collect(Collectors.joining(", "));
    }

    /**
     * @throws UrbanFlowException naming the known formats when {@code name} is none of them
     */
    public static GpsFormat byName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (GpsFormat format : ALL) {
            if (format.name().equals(wanted)) {
                return format;
            }
        }
        throw new UrbanFlowException("Cannot find format '" + name + "': known formats are " + names()
                + " (or auto to detect it)");
    }
}
