package io.urbanflow.cli;

import io.urbanflow.stream.EmbeddedKafkaBroker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code urbanflow broker}: a real Kafka broker in the foreground until Ctrl-C or SIGTERM. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {
            "Run an embedded Apache Kafka broker (KRaft, broker and controller in one process) in the foreground "
                    + "on 127.0.0.1, its data under DATA/kafka (kept across restarts).",
            "Prints bootstrap=127.0.0.1:PORT once it accepts clients; Ctrl-C or SIGTERM stops it cleanly."})
final class BrokerCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "9092", paramLabel = "PORT",
            description = "Client port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Path logDir = UrbanFlowCommand.of(spec).dataDir().resolve("kafka");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(logDir, port);
        CountDownLatch stopped = new CountDownLatch(1);
        PrintWriter err = spec.commandLine().getErr();
        Thread stopper = new Thread(() -> {
            broker.close();
            err.println("Kafka broker stopped.");
            err.flush();
            stopped.countDown();
        }, "urbanflow-broker-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);
        PrintWriter out = spec.commandLine().getOut();
        out.println("bootstrap=" + broker.bootstrapServers());
        out.flush();
        err.println("Kafka broker running, data in " + logDir + "; Ctrl-C stops it.");
        err.flush();
        stopped.await();
        return 0;
    }
}
