package io.urbanflow.cli;

import io.urbanflow.stream.EmbeddedKafkaBroker;
import io.urbanflow.stream.EmbeddedKafkaCluster;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code urbanflow broker}: a real Kafka broker, or a cluster of several, in the foreground until Ctrl-C or SIGTERM. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {
            "Run an embedded Apache Kafka broker (KRaft, broker and controller in one process) in the foreground "
                    + "on 127.0.0.1, its data under DATA/kafka (kept across restarts).",
            "With --nodes 3: a three-node cluster in this process (data under DATA/kafka-cluster/node-N), topics replicated "
                    + "three times with min.insync.replicas 2, so that acks=all writes (replay's) survive one node's loss.",
            "Prints bootstrap=HOST:PORT[,HOST:PORT...] once it accepts clients; Ctrl-C or SIGTERM stops it cleanly."})
final class BrokerCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "9092", paramLabel = "PORT",
            description = "Client port on 127.0.0.1 (with --nodes: of the first node, the others on the next ports); "
                    + "0 picks free ones (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--nodes", defaultValue = "1", paramLabel = "N",
            description = "Nodes of the cluster, each a broker and controller (default: ${DEFAULT-VALUE}).")
    private int nodes;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Path dataDir = UrbanFlowCommand.of(spec).dataDir();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AutoCloseable server;
        String bootstrap;
        Path logDir;
        if (nodes == 1) {
            logDir = dataDir.resolve("kafka");
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(logDir, port);
            server = broker;
            bootstrap = broker.bootstrapServers();
        } else {
            logDir = dataDir.resolve("kafka-cluster");
            EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(logDir, nodes, port);
            server = cluster;
            bootstrap = cluster.bootstrapServers();
        }
        out.println("bootstrap=" + bootstrap);
        out.flush();
        err.println((nodes == 1 ? "Kafka broker" : "Kafka cluster of " + nodes + " nodes (replication factor "
                + Math.min(3, nodes) + ", min.insync.replicas " + Math.min(2, nodes) + ")")
                + " running, data in " + logDir + "; Ctrl-C stops it.");
        err.flush();
        Foreground.runUntilStopped(server, err, nodes == 1 ? "Kafka broker stopped." : "Kafka cluster stopped.");
        return 0;
    }
}
