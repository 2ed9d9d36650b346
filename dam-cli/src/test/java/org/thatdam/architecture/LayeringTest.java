package org.thatdam.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers, bottom to top: storage, catalog and its search projection, media, core, server, cli. Arrows point down only;
 * the presentation layers never touch the database or run processes themselves.
 */
class LayeringTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // Other modules' test classes arrive as test-jars, which the predefined option does not see.
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("org.thatdam");
    }

    @Test
    void layersOnlyDependDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("model").definedBy("org.thatdam.model..")
                .layer("storage").definedBy("org.thatdam.storage..")
                .layer("catalog").definedBy("org.thatdam.catalog..")
                .layer("search").definedBy("org.thatdam.search..")
                .layer("media").definedBy("org.thatdam.media..")
                .layer("core").definedBy("org.thatdam.core..")
                .layer("server").definedBy("org.thatdam.server..")
                .layer("cli").definedBy("org.thatdam.cli..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("server").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("core").mayOnlyBeAccessedByLayers("server", "cli")
                .whereLayer("media").mayOnlyBeAccessedByLayers("core", "server", "cli")
                .whereLayer("search").mayOnlyBeAccessedByLayers("core", "server", "cli")
                .whereLayer("catalog").mayOnlyBeAccessedByLayers("search", "media", "core", "server", "cli")
                .whereLayer("storage").mayOnlyBeAccessedByLayers("catalog", "search", "media", "core", "server", "cli")
                .whereLayer("model").mayOnlyBeAccessedByLayers("storage", "catalog", "search", "media", "core", "server", "cli")
                .check(classes);
    }

    @Test
    void mediaAndSearchNeverSeeTheCatalog() {
        noClasses().that().resideInAnyPackage("org.thatdam.media..", "org.thatdam.search..")
                .should().dependOnClassesThat().resideInAnyPackage("org.thatdam.catalog..")
                .because("media produces and search indexes model records; neither reads or writes the catalog")
                .check(classes);
    }

    @Test
    void theModelDependsOnNoEngine() {
        classes().that().resideInAPackage("org.thatdam.model..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("org.thatdam.model..", "java..",
                        "com.fasterxml.jackson.annotation..")
                .check(classes);
    }

    @Test
    void presentationNeverTouchesTheDatabase() {
        noClasses().that().resideInAnyPackage("org.thatdam.server..", "org.thatdam.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("org.thatdam.catalog.sql..", "org.jdbi..", "java.sql..",
                        "org.sqlite..", "org.flywaydb..")
                .check(classes);
    }

    @Test
    void presentationTalksToServicesNotTheCatalog() {
        noClasses().that().resideInAnyPackage("org.thatdam.server..", "org.thatdam.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("org.thatdam.catalog..")
                .because("the API and the CLI use the services of dam-core and the records of dam-model")
                .check(classes);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("org.thatdam.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyMediaStartsProcesses() {
        noClasses().that().resideOutsideOfPackage("org.thatdam.media..")
                .should().dependOnClassesThat().areAssignableTo(ProcessBuilder.class)
                .because("the ffmpeg gateway in dam-media is the only place that builds command lines")
                .check(classes);
    }

    @Test
    void catalogImplementationIsHidden() {
        classes().that().resideInAPackage("org.thatdam.catalog.sql..").and().areNotAnonymousClasses()
                .and().doNotHaveSimpleName("SqliteCatalog")
                .should().notBePublic()
                .check(classes);
    }
}
