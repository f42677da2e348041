package io.urbanflow.stack;

import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * An S3-compatible server in this process, without Docker: s3proxy (from Maven Central) serving the buckets kept
 * as folders under {@code DIR/buckets}, with one bucket created at start, requests signed with AWS signature v2 or
 * v4 and checked against one access key. The key pair is generated on first start and kept, with the endpoint, in
 * {@code DIR/credentials.properties} (owner-only: {@code access-key-id}, {@code secret-access-key}, {@code endpoint},
 * {@code bucket}); the port is chosen once and remembered there.
 *
 * <p>s3proxy brings Jetty 12, Jackson 3 and cloud SDKs of its own, which would clash with the application's
 * libraries, so it runs in a class loader of its own over the class path the build wrote ({@code s3proxy.classpath}).
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread, more than once.
 */
public final class LocalS3 implements AutoCloseable {
    public static final String DEFAULT_BUCKET = "urbanflow";
    public static final String CREDENTIALS_FILE = "credentials.properties";
    /** The region clients sign for; s3proxy accepts any. */
    public static final String REGION = "us-east-1";
    private static final String HOST = "127.0.0.1";

    private final AutoCloseable server;
    private final URLClassLoader loader;
    private final int port;
    private final String bucket;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final Path credentialsFile;
    private boolean closed;

    private LocalS3(AutoCloseable server, URLClassLoader loader, int port, String bucket, String accessKeyId,
                    String secretAccessKey, Path credentialsFile) {
        this.server = server;
        this.loader = loader;
        this.port = port;
        this.bucket = bucket;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.credentialsFile = credentialsFile;
    }

    /**
     * Starts the server on {@code port} (0: the port of the last start, else a free one) with {@code bucket}.
     *
     * @throws UrbanFlowException when the port is taken or the server does not start
     */
    public static LocalS3 start(Path dir, int port, String bucket) {
        Path folder = dir.toAbsolutePath().normalize();
        Path credentials = folder.resolve(CREDENTIALS_FILE);
        Map<String, String> known = CredentialsFile.read(credentials);
        int chosen = port != 0 ? LocalPostgres.requireFree(port)
                : known.containsKey("port") ? LocalPostgres.requireFree(Integer.parseInt(known.get("port"))) : LocalPostgres.freePort();
        String accessKeyId = known.getOrDefault("access-key-id", "urbanflow-" + CredentialsFile.newSecret().substring(0, 12));
        String secretAccessKey = known.getOrDefault("secret-access-key", CredentialsFile.newSecret());
        URLClassLoader loader = new URLClassLoader("s3proxy", s3proxyClassPath(), ClassLoader.getPlatformClassLoader());
        AutoCloseable server;
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            Method start = loader.loadClass("io.urbanflow.stack.internal.S3ProxyLauncher").getMethod("start",
                    String.class, String.class, int.class, String.class, String.class, String.class);
            server = (AutoCloseable) start.invoke(null, folder.resolve("buckets").toString(), HOST, chosen, bucket,
                    accessKeyId, secretAccessKey);
        } catch (InvocationTargetException e) {
            closeQuietly(loader);
            throw new UrbanFlowException("Cannot start the S3 server on " + HOST + ":" + chosen + ": "
                    + LocalPostgres.rootMessage(e.getCause()), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            closeQuietly(loader);
            throw new UrbanFlowException("Cannot start the S3 server: " + LocalPostgres.rootMessage(e), e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        LocalS3 s3 = new LocalS3(server, loader, ((IntSupplier) server).getAsInt(), bucket, accessKeyId, secretAccessKey, credentials);
        CredentialsFile.write(credentials, "urbanflow s3: the lake's object store (keep private)", Map.of(
                "access-key-id", accessKeyId,
                "secret-access-key", secretAccessKey,
                "endpoint", s3.endpoint().toString(),
                "bucket", bucket,
                "port", Integer.toString(s3.port)));
        return s3;
    }

    /** {@code http://127.0.0.1:PORT}: the lake's {@code --s3-endpoint}. */
    public URI endpoint() {
        return URI.create("http://" + HOST + ":" + port);
    }

    public int port() {
        return port;
    }

    public String bucket() {
        return bucket;
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    public String secretAccessKey() {
        return secretAccessKey;
    }

    /** The owner-only file with {@code access-key-id}, {@code secret-access-key}, {@code endpoint} and {@code bucket}. */
    public Path credentialsFile() {
        return credentialsFile;
    }

    /** {@code s3://BUCKET/PREFIX}: a warehouse location in this server's bucket. */
    public String warehouse(String prefix) {
        return "s3://" + bucket + "/" + prefix;
    }

    /** Stops serving; the buckets' files stay. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (Exception e) {
            throw new UrbanFlowException("Cannot stop the S3 server: " + e.getMessage(), e);
        } finally {
            closeQuietly(loader);
        }
    }

    /** The jars of s3proxy as the build resolved them, and this module's own classes (for the launcher). */
    private static URL[] s3proxyClassPath() {
        List<URL> urls = new ArrayList<>();
        for (String list : new String[] {"s3proxy.classpath", "s3proxy-shared.classpath"}) {
            try (InputStream in = LocalS3.class.getResourceAsStream(list)) {
                if (in == null) {
                    throw new UrbanFlowException("Cannot start the S3 server: " + list + " is missing from the build (run mvn package -pl cli -am)");
                }
                for (String entry : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split(java.io.File.pathSeparator)) {
                    Path jar = Paths.get(entry);
                    if (!Files.exists(jar)) {
                        throw new UrbanFlowException("Cannot start the S3 server: " + jar + " is missing (run the build online once to download s3proxy)");
                    }
                    urls.add(jar.toUri().toURL());
                }
            } catch (MalformedURLException e) {
                throw new UrbanFlowException("Cannot start the S3 server: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UrbanFlowException("Cannot read " + list + ": " + e.getMessage(), e);
            }
        }
        urls.add(LocalS3.class.getProtectionDomain().getCodeSource().getLocation());
        return urls.toArray(URL[]::new);
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
