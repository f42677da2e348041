package io.urbanflow.model;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Ports of a local address for the servers UrbanFlow starts (brokers, PostgreSQL, S3, the dashboard). Stateless. */
public final class LocalPorts {
    private LocalPorts() {
    }

    /**
     * A port nothing listens on at {@code host} now, chosen by the operating system; another process may take it
     * before it is used, so a server started on it still reports a port in use.
     */
    public static int free(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return socket.getLocalPort();
        }
    }

    /**
     * Binds {@code host:port} and lets it go at once.
     *
     * @throws java.net.BindException when something listens there
     */
    public static void probe(String host, int port) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        }
    }

    /** Whether nothing listens on {@code host:port} now. */
    public static boolean isFree(String host, int port) {
        try {
            probe(host, port);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
