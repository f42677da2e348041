package io.urbanflow.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.urbanflow.mobility.sources.GpsSources;
import io.urbanflow.model.LocalPorts;
import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.testing.SampleData;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A real Spark standalone cluster: a master and a worker, each its own JVM started with {@code java -cp}, as Spark's
 * {@code sbin} scripts start them; the worker's Spark home is a folder of links to this class path's jars, as in a
 * Spark distribution. The jobs are submitted from this JVM with {@code --master spark://127.0.0.1:PORT}: their tasks
 * run in an executor process the worker starts, with UrbanFlow's jars shipped by the driver ({@code spark.jars}).
 */
class StandaloneClusterIT {
    @TempDir
    static Path dir;
    static String master;
    static final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        // in the build folder, not the temp dir: JUnit warns about every link it deletes
        Path sparkHome = Files.createDirectories(Path.of("target", "it-spark-home").toAbsolutePath());
        Files.writeString(sparkHome.resolve("RELEASE"), "Spark for UrbanFlow's tests: jars linked from the test class path\n");
        Path jars = Files.createDirectories(sparkHome.resolve("jars"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(path) && !path.getFileName().toString().startsWith("urbanflow-")
                    && !Files.exists(jars.resolve(path.getFileName()), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(jars.resolve(path.getFileName()), path.toAbsolutePath());
            }
        }
        int port = LocalPorts.free("127.0.0.1");
        master = "spark://127.0.0.1:" + port;
        processes.add(start("master", sparkHome, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--webui-port", "0"));
        int masterPort = port;
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> accepts(masterPort));
        processes.add(start("worker", sparkHome, "org.apache.spark.deploy.worker.Worker", master, "--host", "127.0.0.1",
                "--webui-port", "0", "--cores", "2", "--memory", "1g", "--work-dir", Files.createDirectories(dir.resolve("work")).toString()));
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).destroy();
        }
        for (Process process : processes) {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void jobs_submitted_to_a_standalone_master_run_on_its_worker() throws IOException {
        ReadSummary expected = GpsSources.open(SampleData.sfCabspotting(), SourceOptions.defaults()).read(point -> { }, reject -> { });

        String convert = submit("convert", SampleData.sfCabspotting().toString());
        assertThat(convert).contains("files=3 points=" + expected.accepted() + " rejected=" + expected.rejected());

        String run = submit("run", "mart.traffic_10min");
        assertThat(run).contains("mart.traffic_10min -> spark.traffic_10min").contains("on " + master);

        try (SparkLake lake = SparkLake.open(io.urbanflow.lake.LakeConfig.defaults(dir.resolve("data")),
                SparkConfig.defaults().withMaster("local[1]"), "check")) {
            assertThat(lake.session().sql("SELECT sum(total_points) FROM spark.traffic_10min").first().getLong(0)).isEqualTo(expected.accepted());
        }
        // the tasks ran in the worker's executor, not in this JVM
        try (var files = Files.walk(dir.resolve("work"))) {
            assertThat(files.filter(path -> path.getFileName().toString().equals("stderr")).count()).isGreaterThanOrEqualTo(2);
        }
    }

    /** {@code urbanflow spark ARGS --master spark://...} in this JVM; what it printed. */
    private static String submit(String... args) {
        List<String> all = new ArrayList<>(List.of("--data-dir", dir.resolve("data").toString()));
        all.addAll(List.of(args));
        all.addAll(List.of("--master", master,
                "--conf", "spark.executor.memory=512m",
                "--conf", "spark.executor.extraJavaOptions=" + executorJvmArgs()));
        CommandLine commandLine = SparkMain.commandLine(SparkDomains.load());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(all.toArray(String[]::new));
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    private static String executorJvmArgs() {
        return System.getProperty("urbanflow.spark.jvm-args", "").replaceAll("-Xmx\\S+", "").trim();
    }

    private static Process start(String name, Path sparkHome, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        command.addAll(List.of(executorJvmArgs().split("\\s+")));
        command.addAll(List.of("-cp", sparkHome.resolve("jars") + File.separator + "*", mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        Map<String, String> environment = builder.environment();
        environment.put("SPARK_HOME", sparkHome.toString());
        environment.put("SPARK_SCALA_VERSION", "2.13");
        environment.put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
