package io.urbanflow.mobility.web.internal;

import io.urbanflow.domain.LiveChannel;
import io.urbanflow.mobility.live.LiveAggregator;
import io.urbanflow.mobility.live.LiveConsumer;
import io.urbanflow.mobility.live.LiveUpdate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the live view to every connected browser over {@code /live}. One thread ticks every update interval:
 * it drains the aggregator's changes once, writes them as one JSON text, and sends it to each client, adding the
 * outlines of the cells that client has not been sent yet. A new client (or one that fell behind) gets a full
 * snapshot instead. Between changes, a totals-only message goes out at least once a second.
 *
 * <p>Message (JSON): {@code {"type":"update"|"snapshot","seq":N,"more":bool,"totals":{...},
 * "vehicles":[[id,lat,lon,timeMicros,speedKmh|null,cell],...],"removedVehicles":[id,...],
 * "cells":[[cell,points,vehicles,meanSpeedKmh|null],...],"removedCells":[cell,...],"boundaries":{cell:[[lat,lon],...]}}}
 * with cells as H3 hex ids.
 *
 * <p>Backpressure: a client with {@value #MAX_IN_FLIGHT} messages not yet written skips updates and is sent a
 * snapshot once it has caught up, so a slow browser never makes the server queue without bound.
 *
 * <p>Thread safety: {@link #add}, {@link #remove} and the accessors may be called from any thread.
 */
public final class LiveBroadcaster implements LiveChannel, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveBroadcaster.class);
    private static final int MAX_IN_FLIGHT = 3;
    private static final long HEARTBEAT_MILLIS = 1_000;
    private static final long RATE_WINDOW_MILLIS = 2_000;

    private final LiveAggregator aggregator;
    private final Supplier<LiveConsumer.Status> consumerStatus;
    private final Hexagons hexagons;
    private final Clock clock;
    private final Duration interval;
    private final Map<LiveClient, Client> clients = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;
    private final ArrayDeque<long[]> rateSamples = new ArrayDeque<>();
    private volatile double pointsPerSecond;
    private final java.util.concurrent.atomic.AtomicLong skippedUpdates = new java.util.concurrent.atomic.AtomicLong();
    private long lastSentMillis;

    public LiveBroadcaster(LiveAggregator aggregator, Supplier<LiveConsumer.Status> consumerStatus, Hexagons hexagons,
                           Clock clock, Duration interval) {
        this.aggregator = aggregator;
        this.consumerStatus = consumerStatus;
        this.hexagons = hexagons;
        this.clock = clock;
        this.interval = interval;
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "urbanflow-live-broadcaster");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start() {
        ticker.scheduleWithFixedDelay(this::tickSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public String path() {
        return "/live";
    }

    @Override
    public void open(LiveClient client) {
        clients.put(client, new Client(client));
    }

    @Override
    public void close(LiveClient client) {
        clients.remove(client);
    }

    public int clients() {
        return clients.size();
    }

    /** Updates not sent to a client that was still writing earlier ones (it gets a snapshot when it catches up). */
    public long skippedUpdates() {
        return skippedUpdates.get();
    }

    /** Points per second read from the stream over the last two seconds. */
    public double pointsPerSecond() {
        return pointsPerSecond;
    }

    /** The current state as a snapshot message with every outline, for {@code GET /api/live}. */
    public String snapshotJson() {
        LiveUpdate snapshot = aggregator.snapshot();
        StringBuilder out = body(snapshot, "snapshot");
        appendBoundaries(out, snapshot, null);
        return out.append('}').toString();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("Live update failed: {}", e.toString(), e);
        }
    }

    private void tick() {
        LiveUpdate update = aggregator.drainUpdate();
        long now = clock.millis();
        samplePoints(now, update.totals().points());
        boolean heartbeat = now - lastSentMillis >= HEARTBEAT_MILLIS;
        if (clients.isEmpty()) {
            return;
        }
        StringBuilder updateBody = !update.isEmpty() || update.more() || heartbeat ? body(update, "update") : null;
        StringBuilder snapshotBody = null;
        LiveUpdate snapshot = null;
        for (Client client : clients.values()) {
            if (client.needsSnapshot) {
                if (client.inFlight.get() > 0) {
                    if (updateBody != null) {
                        skippedUpdates.incrementAndGet();
                    }
                    continue; // still writing what it was sent: the snapshot waits for it
                }
                if (snapshot == null) {
                    snapshot = aggregator.snapshot();
                    snapshotBody = body(snapshot, "snapshot");
                }
                client.needsSnapshot = false;
                send(client, snapshotBody, snapshot);
            } else if (updateBody != null) {
                if (client.inFlight.get() >= MAX_IN_FLIGHT) {
                    client.needsSnapshot = true;
                    skippedUpdates.incrementAndGet();
                    continue;
                }
                send(client, updateBody, update);
            }
        }
        if (updateBody != null || snapshotBody != null) {
            lastSentMillis = now;
        }
    }

    private void send(Client client, StringBuilder body, LiveUpdate update) {
        StringBuilder message = new StringBuilder(body.length() + 64).append(body);
        appendBoundaries(message, update, client.knownCells);
        message.append('}');
        client.inFlight.incrementAndGet();
        boolean sent;
        try {
            sent = client.socket.send(message.toString(), client.inFlight::decrementAndGet);
        } catch (RuntimeException e) {
            sent = false;
        }
        if (!sent) {
            client.inFlight.decrementAndGet();
            clients.remove(client.socket);
        }
    }

    private StringBuilder body(LiveUpdate update, String type) {
        return LiveJson.body(update, type, pointsPerSecond, clients.size(), consumerStatus == null ? null : consumerStatus.get());
    }

    private void appendBoundaries(StringBuilder out, LiveUpdate update, Set<Long> known) {
        LiveJson.appendBoundaries(out, update, known, hexagons);
    }

    private void samplePoints(long nowMillis, long points) {
        rateSamples.addLast(new long[] {nowMillis, points});
        while (rateSamples.size() > 2 && nowMillis - rateSamples.peekFirst()[0] > RATE_WINDOW_MILLIS) {
            rateSamples.removeFirst();
        }
        long[] oldest = rateSamples.peekFirst();
        long elapsed = nowMillis - oldest[0];
        pointsPerSecond = elapsed <= 0 ? 0 : (points - oldest[1]) * 1_000.0 / elapsed;
    }

    /** One browser; fields other than the socket are touched by the ticker thread only (inFlight by the writer too). */
    private static final class Client {
        final LiveClient socket;
        final Set<Long> knownCells = new HashSet<>();
        final AtomicInteger inFlight = new AtomicInteger();
        volatile boolean needsSnapshot = true;

        Client(LiveClient socket) {
            this.socket = socket;
        }
    }
}
