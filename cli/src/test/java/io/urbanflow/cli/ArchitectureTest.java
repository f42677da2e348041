package io.urbanflow.cli;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The allowed edges between stages, written down once: dependencies point toward {@code model}. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.urbanflow");

    @Test
    void stages_depend_only_on_earlier_stages() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("model").definedBy("io.urbanflow.model..")
                .layer("sources").definedBy("io.urbanflow.sources..")
                .layer("stream").definedBy("io.urbanflow.stream..")
                .layer("lake").definedBy("io.urbanflow.lake..")
                .layer("query").definedBy("io.urbanflow.query..")
                .layer("pipeline").definedBy("io.urbanflow.pipeline..")
                .layer("analytics").definedBy("io.urbanflow.analytics..")
                .layer("web").definedBy("io.urbanflow.web..")
                .layer("cli").definedBy("io.urbanflow.cli..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("web").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("analytics").mayOnlyBeAccessedByLayers("web", "cli")
                .whereLayer("pipeline").mayOnlyBeAccessedByLayers("analytics", "web", "cli")
                .whereLayer("query").mayOnlyBeAccessedByLayers("pipeline", "analytics", "web", "cli")
                .whereLayer("lake").mayOnlyBeAccessedByLayers("query", "pipeline", "analytics", "web", "cli")
                .whereLayer("stream").mayOnlyBeAccessedByLayers("lake", "query", "pipeline", "analytics", "web", "cli")
                .whereLayer("sources").mayOnlyBeAccessedByLayers("stream", "lake", "query", "pipeline", "analytics", "web", "cli")
                .allowEmptyShould(true)
                .check(CLASSES);
    }
}
