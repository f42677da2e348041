package io.urbanflow.cli;

import io.urbanflow.stack.LocalS3;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code urbanflow s3}: an S3-compatible server with a bucket, in the foreground. */
@Command(name = "s3", mixinStandardHelpOptions = true,
        description = {
            "Run an S3-compatible object store (s3proxy) in this process in the foreground on 127.0.0.1, with a bucket; "
                    + "objects are files under DATA/s3/buckets (kept across restarts).",
            "Requests must be signed with the access key generated on first start and written to "
                    + "DATA/s3/credentials.properties, readable by you only. Prints endpoint=..., bucket=..., credentials=...; "
                    + "use them as --warehouse s3://BUCKET/warehouse --s3-endpoint URL --s3-path-style true --s3-credentials FILE. "
                    + "Ctrl-C or SIGTERM stops it cleanly."})
final class S3Command implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "0", paramLabel = "PORT",
            description = "Port on 127.0.0.1 (default: the port of the last start, else a free one).")
    private int port;

    @Option(names = "--bucket", defaultValue = LocalS3.DEFAULT_BUCKET, paramLabel = "NAME",
            description = "The bucket created at start (default: ${DEFAULT-VALUE}).")
    private String bucket;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Path dir = UrbanFlowCommand.of(spec).dataDir().resolve("s3");
        LocalS3 s3 = LocalS3.start(dir, port, bucket);
        PrintWriter out = spec.commandLine().getOut();
        out.println("endpoint=" + s3.endpoint());
        out.println("bucket=" + s3.bucket());
        out.println("credentials=" + s3.credentialsFile());
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        err.println("S3 server running, objects in " + dir.resolve("buckets") + "; Ctrl-C stops it. Use it with:");
        err.println("  urbanflow ingest --warehouse " + s3.warehouse("warehouse") + " --s3-endpoint " + s3.endpoint()
                + " --s3-path-style true --s3-credentials " + s3.credentialsFile());
        err.flush();
        Foreground.runUntilStopped(s3, err, "S3 server stopped.");
        return 0;
    }
}
