package io.urbanflow.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The allowed edges between modules, written down once. The platform (model .. web) knows no domain; domains use the
 * platform, never each other; nothing but cli uses web or a domain; nothing uses cli.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.urbanflow");
    private static final String[] DOMAINS = {"mobility", "clickstream"};

    @Test
    void modules_depend_only_on_the_modules_below_them() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("model").definedBy("io.urbanflow.model..")
                .layer("sources").definedBy("io.urbanflow.sources..")
                .layer("stream").definedBy("io.urbanflow.stream..")
                .layer("lake").definedBy("io.urbanflow.lake..")
                .layer("ingest").definedBy("io.urbanflow.ingest..")
                .layer("query").definedBy("io.urbanflow.query..")
                .layer("pipeline").definedBy("io.urbanflow.pipeline..")
                .layer("domain").definedBy("io.urbanflow.domain..")
                .layer("orchestration").definedBy("io.urbanflow.orchestration..")
                .layer("web").definedBy("io.urbanflow.web..")
                .layer("mobility").definedBy("io.urbanflow.mobility..")
                .layer("clickstream").definedBy("io.urbanflow.clickstream..")
                .layer("cli").definedBy("io.urbanflow.cli..")
                .layer("stack").definedBy("io.urbanflow.stack..")
                .whereLayer("stack").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("mobility").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("clickstream").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("web").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("orchestration").mayOnlyBeAccessedByLayers("web", "cli")
                .whereLayer("domain").mayOnlyBeAccessedByLayers("orchestration", "web", "mobility", "clickstream", "cli")
                .whereLayer("pipeline").mayOnlyBeAccessedByLayers("domain", "orchestration", "web", "mobility", "clickstream", "cli")
                .whereLayer("query").mayOnlyBeAccessedByLayers("pipeline", "domain", "orchestration", "web", "mobility", "clickstream", "cli")
                .whereLayer("ingest").mayOnlyBeAccessedByLayers("domain", "orchestration", "web", "mobility", "clickstream", "cli")
                .whereLayer("lake").mayOnlyBeAccessedByLayers("ingest", "query", "pipeline", "domain", "orchestration", "web", "mobility",
                        "clickstream", "cli")
                .whereLayer("stream").mayOnlyBeAccessedByLayers("ingest", "domain", "orchestration", "web", "mobility", "clickstream", "cli")
                .whereLayer("sources").mayOnlyBeAccessedByLayers("stream", "ingest", "domain", "orchestration", "web", "mobility", "clickstream", "cli")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void the_platform_names_no_domain() {
        for (String domain : DOMAINS) {
            noClasses().that().resideInAnyPackage("io.urbanflow.model..", "io.urbanflow.sources..", "io.urbanflow.stream..",
                            "io.urbanflow.lake..", "io.urbanflow.ingest..", "io.urbanflow.query..", "io.urbanflow.pipeline..",
                            "io.urbanflow.domain..", "io.urbanflow.orchestration..", "io.urbanflow.web..")
                    .should().dependOnClassesThat().resideInAPackage("io.urbanflow." + domain + "..")
                    .allowEmptyShould(true)
                    .check(CLASSES);
        }
    }

    @Test
    void domains_never_use_each_other() {
        for (String domain : DOMAINS) {
            for (String other : DOMAINS) {
                if (!domain.equals(other)) {
                    noClasses().that().resideInAPackage("io.urbanflow." + domain + "..")
                            .should().dependOnClassesThat().resideInAPackage("io.urbanflow." + other + "..")
                            .allowEmptyShould(true)
                            .check(CLASSES);
                }
            }
        }
    }
}
