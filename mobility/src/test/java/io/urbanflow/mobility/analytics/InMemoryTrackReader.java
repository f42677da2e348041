package io.urbanflow.mobility.analytics;

import java.util.List;
import java.util.function.Consumer;

/** Tracks held in memory, read back by time window as the lake reader would: vehicle by vehicle, in time order. */
final class InMemoryTrackReader implements TrackReader {
    private final List<VehicleTrack> tracks;
    private final VehicleTrack buffer = new VehicleTrack();
    int reads;

    InMemoryTrackReader(List<VehicleTrack> tracks) {
        this.tracks = tracks;
    }

    @Override
    public void read(long fromMicros, long toMicros, Consumer<VehicleTrack> consumer) {
        reads++;
        for (VehicleTrack track : tracks) {
            buffer.reset(track.vehicleId());
            for (int index = 0; index < track.size(); index++) {
                long micros = track.epochMicros(index);
                if (micros >= fromMicros && micros < toMicros) {
                    buffer.add(micros, track.localMicros(index), track.latitude(index), track.longitude(index),
                            track.speedKmh(index), track.h3Cell(index));
                }
            }
            if (!buffer.isEmpty()) {
                consumer.accept(buffer);
            }
        }
    }

    @Override
    public long[] bounds() {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (VehicleTrack track : tracks) {
            if (!track.isEmpty()) {
                min = Math.min(min, track.epochMicros(0));
                max = Math.max(max, track.epochMicros(track.size() - 1));
            }
        }
        return min == Long.MAX_VALUE ? null : new long[] {min, max};
    }
}
