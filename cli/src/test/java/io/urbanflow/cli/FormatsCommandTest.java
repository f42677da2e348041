package io.urbanflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.mobility.sources.GpsFormat;
import io.urbanflow.mobility.sources.GpsFormats;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FormatsCommandTest {
    @Test
    void lists_every_format_with_its_description_and_example_line() {
        CommandLine commandLine = UrbanFlowCommand.commandLine();
        StringWriter out = new StringWriter();
        commandLine.setOut(new PrintWriter(out));

        int code = commandLine.execute("formats");

        assertThat(code).isZero();
        String printed = out.toString();
        for (GpsFormat format : GpsFormats.all()) {
            assertThat(printed).contains(format.name() + " ").contains(format.description()).contains("e.g. " + format.exampleLine());
        }
        assertThat(printed).contains("156;2014-02-01 00:00:00.739166+01;POINT(41.8836718276551 12.4877775603346)")
                .contains("auto");
    }
}
