package io.urbanflow.sources;

import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.sources.internal.CabspottingFormat;
import io.urbanflow.sources.internal.CrawdadRomeFormat;
import io.urbanflow.sources.internal.CsvFormat;
import io.urbanflow.sources.internal.KaggleRomeFormat;
import io.urbanflow.sources.internal.PortoFormat;
import io.urbanflow.sources.internal.TDriveFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The formats UrbanFlow reads, in the order {@code urbanflow formats} lists them. */
public final class SourceFormats {
    private static final List<SourceFormat> ALL = List.of(
            new CrawdadRomeFormat(),
            new KaggleRomeFormat(),
            new CabspottingFormat(),
            new PortoFormat(),
            new TDriveFormat(),
            new CsvFormat());

    private SourceFormats() {
    }

    public static List<SourceFormat> all() {
        return ALL;
    }

    /** The names, comma-separated, for messages. */
    public static String names() {
        return ALL.stream().map(SourceFormat::name).collect(Collectors.joining(", "));
    }

    /**
     * @throws UrbanFlowException naming the known formats when {@code name} is none of them
     */
    public static SourceFormat byName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (SourceFormat format : ALL) {
            if (format.name().equals(wanted)) {
                return format;
            }
        }
        throw new UrbanFlowException("Cannot find format '" + name + "': known formats are " + names()
                + " (or auto to detect it)");
    }
}
