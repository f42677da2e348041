package io.urbanflow.orchestration;

import io.urbanflow.domain.Domain;
import io.urbanflow.domain.Domains;
import io.urbanflow.ingest.TopicBinding;
import io.urbanflow.orchestration.internal.DataTestTask;
import io.urbanflow.orchestration.internal.FileLoadTask;
import io.urbanflow.orchestration.internal.IngestDrainTask;
import io.urbanflow.orchestration.internal.MaintenanceTask;
import io.urbanflow.orchestration.internal.ModelTask;
import io.urbanflow.pipeline.DataTest;
import io.urbanflow.pipeline.Model;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The platform's DAG from the domains: their loads, their models with their data tests, and the maintenance. Stateless. */
public final class Pipelines {
    private Pipelines() {
    }

    /**
     * Every domain's load (each domain's topics drained, or one load of the landing folders' files; none with
     * {@code pipeline.load=none}), models and data tests, and the maintenance.
     *
     * @param dataDir where a file load keeps its bad lines ({@code quarantine/})
     * @throws io.urbanflow.model.UrbanFlowException when names or tables clash or the tables form a cycle
     */
    public static Dag dag(List<Domain> domains, OrchestrationConfig config, Path dataDir) {
        List<Task> tasks = new ArrayList<>();
        if (config.load() == OrchestrationConfig.LoadMode.INGEST) {
            for (Domain domain : domains) {
                List<TopicBinding> bindings = domain.topics();
                if (!bindings.isEmpty()) {
                    tasks.add(new IngestDrainTask(domain.name(), bindings, config.loadUntilIdle()));
                }
            }
        } else if (config.load() == OrchestrationConfig.LoadMode.FILES) {
            Domains registry = Domains.of(domains);
            tasks.add(new FileLoadTask(config.loadPaths(), config.loadFormat(), registry.sources(), registry.bindings(), dataDir));
        }
        List<Model> models = new ArrayList<>();
        domains.forEach(domain -> models.addAll(domain.models()));
        tasks.addAll(modelTasks(models));
        tasks.add(new MaintenanceTask());
        return Dag.of(tasks);
    }

    /** Models and their data tests as tasks, for a DAG of models alone. */
    public static List<Task> modelTasks(List<Model> models) {
        List<Task> tasks = new ArrayList<>();
        for (Model model : models) {
            tasks.add(new ModelTask(model));
        }
        for (Model model : models) {
            for (DataTest test : model.tests()) {
                tasks.add(new DataTestTask(test));
            }
        }
        return tasks;
    }
}
