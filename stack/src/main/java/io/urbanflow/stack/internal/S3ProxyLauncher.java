package io.urbanflow.stack.internal;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntSupplier;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * Starts s3proxy over a folder. Loaded only by {@code LocalS3}'s own class loader (s3proxy's libraries never meet
 * the application's), and so speaks in JDK types only: {@link #start} returns an {@link AutoCloseable} that is also
 * an {@link IntSupplier} of the port.
 */
public final class S3ProxyLauncher {
    private S3ProxyLauncher() {
    }

    /** Serves the buckets under {@code folder} on {@code host:port} (0: a free port), creating {@code bucket}. */
    public static AutoCloseable start(String folder, String host, int port, String bucket, String accessKeyId,
                                      String secretAccessKey) throws Exception {
        Files.createDirectories(Path.of(folder));
        FilesystemNio2BlobStore store = new FilesystemNio2BlobStore(folder);
        if (!store.containerExists(bucket)) {
            store.createContainer(bucket);
        }
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://" + host + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKeyId, secretAccessKey)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return new Running(proxy, store);
    }

    private static final class Running implements AutoCloseable, IntSupplier {
        private final S3Proxy proxy;
        private final FilesystemNio2BlobStore store;

        Running(S3Proxy proxy, FilesystemNio2BlobStore store) {
            this.proxy = proxy;
            this.store = store;
        }

        @Override
        public int getAsInt() {
            return proxy.getPort();
        }

        @Override
        public void close() throws Exception {
            try {
                proxy.stop();
            } finally {
                store.close();
            }
        }
    }
}
