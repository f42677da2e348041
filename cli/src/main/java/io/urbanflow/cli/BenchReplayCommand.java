package io.urbanflow.cli;

import io.urbanflow.mobility.stream.ReplayBenchmark;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code urbanflow bench replay}: parse, encode, decode and produce rates of the replay path. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {
            "Measure the replay path in one process: write N synthetic points in the Rome CRAWDAD format to a temporary "
                    + "file, parse them with the real reader, encode and decode them with the message codec, produce them "
                    + "to an embedded broker (acks=all, idempotent) and replay the file end to end.",
            "The last line is key=value pairs: parse_points_per_s produce_msgs_per_s encode_msgs_per_s "
                    + "decode_msgs_per_s replay_points_per_s points value_bytes."})
final class BenchReplayCommand implements Callable<Integer> {
    @Option(names = "--points", defaultValue = "2000000", paramLabel = "N",
            description = "How many points (default: ${DEFAULT-VALUE}).")
    private int points;

    @Option(names = "--partitions", defaultValue = "3", paramLabel = "N",
            description = "Partitions of the benchmark topic (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(names = "--producer", paramLabel = "KEY=VALUE",
            description = "A Kafka producer setting replacing the replay's default, e.g. --producer linger.ms=20 "
                    + "--producer compression.type=none (repeatable).")
    private Map<String, String> producerOverrides = new LinkedHashMap<>();

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ReplayBenchmark.Figures figures = ReplayBenchmark.run(points, partitions, producerOverrides, out);
        out.println(figures.keyValueLine());
        out.flush();
        return 0;
    }
}
