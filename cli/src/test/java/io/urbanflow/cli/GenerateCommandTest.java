package io.urbanflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class GenerateCommandTest {
    @TempDir
    Path folder;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = UrbanFlowCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void writes_the_canonical_csv_and_ends_with_the_counts() throws IOException {
        Path file = folder.resolve("rome.csv");
        int code = run("generate", "--taxis", "5", "--seed", "3", "--out", file.toString());

        assertThat(code).isZero();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("vehicle_id,timestamp,latitude,longitude,occupancy");
        assertThat(lines.get(1)).matches("taxi-000[1-5],2014-02-01T\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+01:00,41\\.\\d{6},12\\.\\d{6},[01]");
        assertThat(lines).allMatch(line -> !line.contains(":") || line.matches("[^,]+,[-0-9T:]+\\.\\d{3}\\+01:00,.*"));
        List<String> printed = out.toString().lines().toList();
        assertThat(printed.get(printed.size() - 1))
                .isEqualTo("points=" + (lines.size() - 1) + " taxis=5 file=" + file.toAbsolutePath());
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void a_gz_file_is_gzipped_and_the_same_seed_writes_the_same_points() throws IOException {
        Path plain = folder.resolve("sf.csv");
        Path gzipped = folder.resolve("sf.csv.gz");
        assertThat(run("generate", "--city", "san-francisco", "--taxis", "3", "--outliers", "0", "--out", plain.toString())).isZero();
        assertThat(run("generate", "--city", "sf", "--taxis", "3", "--outliers", "0", "--out", gzipped.toString())).isZero();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gzipped))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(Files.readString(plain))
                    .contains(",2014-02-01T").contains("-08:00,37.").doesNotContain("+01:00");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--taxis=0 | urbanflow: Cannot generate synthetic fleet: taxis must be between 1 and 100000, got 0",
        "--city=beijing | urbanflow: Cannot generate synthetic fleet: no synthetic map for beijing; synthetic cities are rome, san-francisco, porto",
        "--city=atlantis | urbanflow: Cannot generate synthetic fleet: unknown city 'atlantis'; synthetic cities are rome, san-francisco, porto",
        "--start=2014-02-30 | urbanflow: Cannot generate synthetic fleet: start '2014-02-30' is not a date like 2014-02-01",
        "--outliers=0.7 | urbanflow: Cannot generate synthetic fleet: outliers must be a fraction between 0 and 0.5, got 0.7",
        "--days=-1 | urbanflow: Cannot generate synthetic fleet: days must be between 1 and 366, got -1",
    })
    void a_bad_value_is_one_line_and_exit_1(String option, String message) {
        Path file = folder.resolve("never.csv");
        assertThat(run("generate", option, "--out", file.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo(message + System.lineSeparator());
        assertThat(file).doesNotExist();
    }

    @Test
    void a_value_that_does_not_parse_is_a_usage_error() {
        assertThat(run("generate", "--taxis", "many", "--out", folder.resolve("x.csv").toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("urbanflow: Invalid value for option '--taxis': 'many' is not an int")
                .doesNotContain("at picocli");
        assertThat(run("generate")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--out=FILE'");
    }

    @Test
    void a_file_that_cannot_be_written_is_one_line() throws IOException {
        Path notAFolder = Files.writeString(folder.resolve("file"), "x");
        assertThat(run("generate", "--taxis", "1", "--out", notAFolder.resolve("out.csv").toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("urbanflow: Cannot write " + notAFolder.resolve("out.csv"))
                .doesNotContain("Exception").hasLineCount(1);
    }
}
