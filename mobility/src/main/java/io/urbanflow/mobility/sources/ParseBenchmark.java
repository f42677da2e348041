package io.urbanflow.mobility.sources;

import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.mobility.sources.internal.CrawdadRomeFormat;
import java.nio.file.Path;

/**
 * Measures how fast a file parses into points on the calling thread, for {@code urbanflow bench}. The points go
 * to a sink that only counts them (and folds a coordinate so the JIT cannot skip building them). Not for unit
 * tests: the figures depend on the machine.
 */
public final class ParseBenchmark {
    private ParseBenchmark() {
    }

    /** One read of a file. Immutable. */
    public record Result(long points, long rejected, long nanos) {
        public double pointsPerSecond() {
            return nanos == 0 ? 0 : points * 1e9 / nanos;
        }
    }

    /** Reads a Rome CRAWDAD file once, timed. */
    public static Result parseCrawdad(Path file) {
        return parse(file, SourceOptions.defaults().withFormat(CrawdadRomeFormat.NAME));
    }

    /** Reads a file once in the given options' format, timed. */
    public static Result parse(Path file, SourceOptions options) {
        CountingSink sink = new CountingSink();
        long[] rejected = new long[1];
        PointSource source = GpsSources.open(file, options);
        long start = System.nanoTime();
        ReadSummary summary = source.read(sink, reject -> rejected[0]++);
        long nanos = System.nanoTime() - start;
        if (sink.count != summary.accepted() || Double.isNaN(sink.checksum)) {
            throw new IllegalStateException("Cannot trust the benchmark: sink saw " + sink.count + " points, source "
                    + summary.accepted());
        }
        return new Result(summary.accepted(), rejected[0], nanos);
    }

    /**
     * Points per second parsing a Rome CRAWDAD file: the best of {@code rounds} reads (the first ones warm the JIT).
     */
    public static double crawdadPointsPerSecond(Path file, int rounds) {
        double best = 0;
        for (int round = 0; round < Math.max(1, rounds); round++) {
            best = Math.max(best, parseCrawdad(file).pointsPerSecond());
        }
        return best;
    }

    /** Points per second parsing a Rome CRAWDAD file, best of 3 reads. */
    public static double crawdadPointsPerSecond(Path file) {
        return crawdadPointsPerSecond(file, 3);
    }

    private static final class CountingSink implements PointSink {
        long count;
        double checksum;

        @Override
        public void accept(io.urbanflow.mobility.GpsPoint point) {
            count++;
            checksum += point.latitude();
        }
    }
}
