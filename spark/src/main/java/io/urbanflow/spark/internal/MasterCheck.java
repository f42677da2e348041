package io.urbanflow.spark.internal;

import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;

/**
 * Fails fast, naming {@code --master}, where Spark itself would retry quietly: a standalone master that does not
 * accept connections, or one that gives the application no executor (no worker, too few cores or too little memory).
 */
public final class MasterCheck {
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private MasterCheck() {
    }

    /** Connects to {@code spark://HOST:PORT} once. */
    public static void reachable(String master) {
        URI uri = URI.create(master);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot reach Spark master " + master + " (--master): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    /** True when the master's host is this machine's loopback address, so the driver may bind to 127.0.0.1. */
    public static boolean isLoopback(String master) {
        try {
            return InetAddress.getByName(URI.create(master).getHost()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Waits until an executor besides the driver has registered. */
    public static void awaitExecutor(SparkContext context, String master, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (context.statusTracker().getExecutorInfos().length < 2) {
            if (context.isStopped()) {
                throw new UrbanFlowException("Cannot run on Spark master " + master + " (--master): the master refused the application or stopped answering");
            }
            if (System.nanoTime() > deadline) {
                throw new UrbanFlowException("Cannot run on Spark master " + master + " (--master): no executor registered within "
                        + TimeUnit.MILLISECONDS.toSeconds(timeoutMillis) + " s (is a worker attached, with free cores and memory?"
                        + " see spark.master-timeout)");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UrbanFlowException("Cannot run on Spark master " + master + ": interrupted while waiting for an executor");
            }
        }
    }
}
