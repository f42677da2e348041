package io.urbanflow.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The real data samples under {@code ../shared/data} (see its README). The build passes their folder as the
 * system property {@code urbanflow.shared.data}; outside the build the folder is found by walking up from the
 * working directory. Tests read them in place and never copy them.
 */
public final class SampleData {
    private SampleData() {
    }

    public static Path root() {
        String configured = System.getProperty("urbanflow.shared.data");
        if (configured != null && Files.isDirectory(Paths.get(configured))) {
            return Paths.get(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("Cannot find the shared sample data: set -Durbanflow.shared.data or run beside ../shared/data");
    }

    /** {@code rome/crawdad_taxi_february_head.txt}: 5,000 points, latitude first. */
    public static Path romeCrawdad() {
        return file("rome/crawdad_taxi_february_head.txt");
    }

    /** {@code rome/kaggle_taxi_subset.csv}: 10,000 points, row-number column, coordinate headers swapped. */
    public static Path romeKaggle() {
        return file("rome/kaggle_taxi_subset.csv");
    }

    /** {@code sf-cabspotting/}: 70,128 points in 3 files, one cab each. */
    public static Path sfCabspotting() {
        return file("sf-cabspotting");
    }

    /** {@code porto/train.1k.csv}: 999 trips, 47,304 points. */
    public static Path porto() {
        return file("porto/train.1k.csv");
    }

    public static Path clickstream() {
        return file("clickstream");
    }

    public static Path file(String relative) {
        Path path = root().resolve(relative);
        if (!Files.exists(path)) {
            throw new IllegalStateException("Cannot find sample " + path);
        }
        return path;
    }
}
