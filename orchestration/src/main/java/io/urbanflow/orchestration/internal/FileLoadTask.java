package io.urbanflow.orchestration.internal;

import io.urbanflow.ingest.FileLoader;
import io.urbanflow.ingest.TopicBinding;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.orchestration.OrchestrationConfig;
import io.urbanflow.orchestration.Task;
import io.urbanflow.orchestration.TaskContext;
import io.urbanflow.orchestration.TaskFailedException;
import io.urbanflow.orchestration.TaskKind;
import io.urbanflow.orchestration.TaskOutcome;
import io.urbanflow.sources.Quarantine;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.sources.Sources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The batch road into the lake as a task: appends every file of the landing folders ({@code pipeline.load-path}) to
 * the raw tables, as {@code urbanflow load} does. A file already loaded (the same bytes) adds nothing, so every run
 * loads only the files that arrived since, and a retry after a crash loads what the crash left out. Bad lines go to
 * the data dir's quarantine. Immutable.
 *
 * @param quarantineDir the data dir whose {@code quarantine/} keeps the bad lines
 */
public record FileLoadTask(List<Path> paths, String format, Sources sources, List<TopicBinding> bindings, Path quarantineDir)
        implements Task {
    public FileLoadTask {
        paths = List.copyOf(paths);
        bindings = List.copyOf(bindings);
    }

    @Override
    public String name() {
        return "load.files";
    }

    @Override
    public TaskKind kind() {
        return TaskKind.LOAD;
    }

    @Override
    public List<String> reads() {
        return List.of();
    }

    @Override
    public List<String> writes() {
        return IngestDrainTask.boundTables(bindings);
    }

    @Override
    public String description() {
        return "loads the new files of " + String.join(", ", paths.stream().map(Path::toString).toList());
    }

    @Override
    public TaskOutcome run(TaskContext context) {
        SourceOptions options = new SourceOptions(format, null, null);
        // every bound raw table exists after a load, as after an ingest, so the models downstream find their inputs
        bindings.forEach(binding -> {
            context.lake().create(binding.table());
            context.lake().create(binding.rejected());
        });
        FileLoader loader = new FileLoader(context.lake(), bindings, context.clock());
        long[] tally = new long[4]; // files, rows, rejected, skipped
        try (Quarantine quarantine = Quarantine.open(quarantineDir, "load", context.clock())) {
            for (Path path : paths) {
                if (!Files.exists(path)) {
                    // only a change of setting or a new folder fixes this, never another attempt
                    throw new TaskFailedException("Cannot load files: " + path + " does not exist; create it or change "
                            + OrchestrationConfig.LOAD_PATH);
                }
                if (Files.isDirectory(path) && isEmpty(path)) {
                    context.log(path + ": no files yet");
                    continue;
                }
                loader.loadFiles(sources, path, options, quarantine, (file, result) -> {
                    context.log(file + ": " + result.summary());
                    tally[0]++;
                    tally[1] += result.rows();
                    tally[2] += result.rejected();
                    tally[3] += result.skipped() ? 1 : 0;
                });
            }
            quarantine.flush();
            if (quarantine.count() > 0) {
                context.log("rejected lines are in " + quarantine.path());
            }
        }
        return TaskOutcome.of(tally[1] + tally[2], "files=" + tally[0] + " loaded=" + tally[1] + " rejected=" + tally[2] + " skipped=" + tally[3]);
    }

    private static boolean isEmpty(Path folder) {
        try (var entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        } catch (java.io.IOException e) {
            throw new UrbanFlowException("Cannot list " + folder + ": " + e.getMessage(), e);
        }
    }
}
