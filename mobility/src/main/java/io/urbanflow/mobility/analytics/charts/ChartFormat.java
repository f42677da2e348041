package io.urbanflow.mobility.analytics.charts;

import io.urbanflow.model.UrbanFlowException;
import java.nio.file.Path;
import java.util.Locale;

/** The file formats a chart is written in, chosen by the output file's extension. */
public enum ChartFormat {
    PNG("png"),
    SVG("svg");

    private final String extension;

    ChartFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    /**
     * @throws UrbanFlowException when the file name ends in neither {@code .png} nor {@code .svg}
     */
    public static ChartFormat forFile(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (ChartFormat format : values()) {
            if (name.endsWith("." + format.extension)) {
                return format;
            }
        }
        throw new UrbanFlowException("Cannot write chart " + file + ": the file name must end in .png or .svg");
    }
}
