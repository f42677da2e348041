package io.urbanflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.lake.TableWrites;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.mobility.sources.GpsSources;
import io.urbanflow.testing.SampleData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotCommandTest {
    @TempDir
    static Path dir;
    static Path dataDir;

    @BeforeAll
    static void lake_with_the_rome_sample() {
        dataDir = dir.resolve("data");
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            Table raw = lake.create(MobilityTables.GPS_POINTS);
            List<Record> records = new ArrayList<>();
            GpsSources.open(SampleData.romeCrawdad(), SourceOptions.defaults()).read(point -> {
                GenericRecord record = GenericRecord.create(raw.schema());
                record.setField("vehicle_id", point.vehicleId());
                record.setField("ts", OffsetDateTime.ofInstant(point.instant(), ZoneOffset.UTC));
                record.setField("lat", point.latitude());
                record.setField("lon", point.longitude());
                record.setField("occupancy", point.occupancy());
                record.setField("source", point.source());
                record.setField("kafka_partition", 0);
                record.setField("kafka_offset", (long) records.size());
                record.setField("ingested_at", OffsetDateTime.parse("2024-01-01T00:00:00Z"));
                records.add(record);
            }, RejectSink.strict());
            TableWrites.append(raw, records);
        }
    }

    @Test
    void writes_the_chart_and_prints_its_path() throws Exception {
        Path file = dir.resolve("charts/rome-heatmap.png");
        CommandRun run = CommandRun.of("plot", "heatmap", "--data-dir", dataDir.toString(), "--out", file.toString(), "--log", "--width", "900", "--height", "600");
        assertThat(run.err()).isEmpty();
        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo(file.toAbsolutePath() + "\n");
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(image.getHeight()).isEqualTo(600);
    }

    @Test
    void svg_is_chosen_by_the_extension() throws Exception {
        Path file = dir.resolve("timeseries.svg");
        CommandRun run = CommandRun.of("plot", "timeseries", "--data-dir", dataDir.toString(), "--out", file.toString(), "--city", "rome");
        assertThat(run.code()).isZero();
        assertThat(Files.readString(file)).startsWith("<?xml").contains("GPS points and active vehicles · Rome");
    }

    @Test
    void an_empty_window_prints_one_line_and_exits_1() {
        CommandRun run = CommandRun.of("plot", "speed", "--data-dir", dataDir.toString(), "--out", dir.resolve("x.png").toString(),
                "--from", "2015-01-01", "--to", "2015-01-02");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("urbanflow: Cannot plot speed: no points in rome between 2015-01-01 00:00 and 2015-01-02 00:00"
                + " (Europe/Rome); ingest data first\n");
    }

    @Test
    void a_data_dir_without_a_lake_says_to_ingest_first_and_creates_nothing() {
        Path nowhere = dir.resolve("no-lake");
        CommandRun run = CommandRun.of("plot", "timeseries", "--data-dir", nowhere.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).startsWith("urbanflow: Cannot plot timeseries: there is no lake in " + nowhere.toAbsolutePath());
        assertThat(nowhere).doesNotExist();
    }

    @Test
    void an_option_of_another_chart_is_refused() {
        CommandRun run = CommandRun.of("plot", "timeseries", "--data-dir", dataDir.toString(), "--hexbin");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("urbanflow: Cannot plot timeseries: --hexbin applies to heatmap only\n");
    }

    @Test
    void an_unknown_kind_is_a_usage_error() {
        CommandRun run = CommandRun.of("plot", "pie", "--data-dir", dataDir.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("timeseries").contains("heatmap");
    }


}
