package io.urbanflow.orchestration;

import io.urbanflow.model.UrbanFlowException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A task the tests script: it reads and writes the tables named, counts its calls, runs {@code body} (which may fail
 * or wait) and tracks how many of its calls run at once.
 */
final class FakeTask implements Task {
    /** What a call does; throwing fails the attempt. */
    interface Body {
        void run(int call) throws Exception;
    }

    private final String name;
    private final TaskKind kind;
    private final List<String> reads;
    private final List<String> writes;
    private final List<String> blocks;
    private final Body body;
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    /** The backfill window of each call, in call order. */
    final List<io.urbanflow.pipeline.MicrosRange> windows = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    FakeTask(String name, TaskKind kind, List<String> reads, List<String> writes, List<String> blocks, Body body) {
        this.name = name;
        this.kind = kind;
        this.reads = reads;
        this.writes = writes;
        this.blocks = blocks;
        this.body = body;
    }

    static FakeTask model(String name, List<String> reads, Body body) {
        return new FakeTask(name, TaskKind.MODEL, reads, List.of(name), List.of(), body);
    }

    static FakeTask model(String name, List<String> reads) {
        return model(name, reads, call -> { });
    }

    /** A data test of {@code table}; {@code blocking} makes an error stop the table's readers. */
    static FakeTask test(String name, String table, boolean blocking, Body body) {
        return new FakeTask(name, TaskKind.TEST, List.of(table), List.of(), blocking ? List.of(table) : List.of(), body);
    }

    static Body failing(String message) {
        return call -> {
            throw new UrbanFlowException(message);
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public TaskKind kind() {
        return kind;
    }

    @Override
    public List<String> reads() {
        return reads;
    }

    @Override
    public List<String> writes() {
        return writes;
    }

    @Override
    public List<String> blocks() {
        return blocks;
    }

    @Override
    public boolean retryable() {
        return kind != TaskKind.TEST;
    }

    @Override
    public TaskOutcome run(TaskContext context) throws Exception {
        int call = calls.incrementAndGet();
        context.window().ifPresent(windows::add);
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
        try {
            body.run(call);
            return TaskOutcome.of(call, "call " + call);
        } finally {
            running.decrementAndGet();
        }
    }
}
