package io.urbanflow.mobility.analytics.charts;

import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A chart ready to write: its figure, the numbers behind it and the scope they cover. Immutable apart from the
 * figure's JFreeChart objects, which drawing does not change in any visible way.
 *
 * @param kind   which chart
 * @param scope  the points it covers
 * @param data   the numbers drawn
 * @param figure the drawing
 * @param width  pixels
 * @param height pixels
 */
public record PlottedChart(ChartKind kind, PlotScope scope, ChartData data, Figure figure, int width, int height) {
    /**
     * Writes the chart as PNG or SVG, chosen by the file's extension; creates missing parent folders.
     *
     * @return the file written, absolute
     * @throws UrbanFlowException for an unknown extension or when the file cannot be written
     */
    public Path write(Path file) {
        ChartFormat format = ChartFormat.forFile(file);
        Path target = file.toAbsolutePath().normalize();
        try {
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            if (format == ChartFormat.PNG) {
                try (OutputStream out = Files.newOutputStream(target)) {
                    if (!ImageIO.write(figure.toImage(width, height), "png", out)) {
                        throw new UrbanFlowException("Cannot write chart " + file + ": no PNG writer in this Java runtime");
                    }
                }
            } else {
                Files.writeString(target, figure.toSvg(width, height), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot write chart " + file + ": " + e.getMessage(), e);
        }
        return target;
    }
}
