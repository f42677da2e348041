package io.urbanflow.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The module's own edges: its platform part ({@code io.urbanflow.spark} and {@code .internal}) names no domain and no
 * domain adapter; each adapter ({@code io.urbanflow.spark.<domain>}) uses its own domain only. The cli's
 * ArchitectureTest cannot see this module (it is on no other module's class path).
 */
class SparkArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.urbanflow.spark");
    private static final String[] DOMAINS = {"mobility", "clickstream"};

    @Test
    void the_platform_part_names_no_domain() {
        for (String domain : DOMAINS) {
            noClasses().that().resideInAnyPackage("io.urbanflow.spark", "io.urbanflow.spark.internal..")
                    .should().dependOnClassesThat().resideInAnyPackage("io.urbanflow." + domain + "..", "io.urbanflow.spark." + domain + "..")
                    .check(CLASSES);
        }
    }

    @Test
    void a_domain_adapter_uses_no_other_domain() {
        for (String domain : DOMAINS) {
            for (String other : DOMAINS) {
                if (!domain.equals(other)) {
                    noClasses().that().resideInAPackage("io.urbanflow.spark." + domain + "..")
                            .should().dependOnClassesThat().resideInAnyPackage("io.urbanflow." + other + "..", "io.urbanflow.spark." + other + "..")
                            .allowEmptyShould(true)
                            .check(CLASSES);
                }
            }
        }
    }
}
