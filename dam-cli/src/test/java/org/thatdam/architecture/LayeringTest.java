package org.thatdam.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers, bottom to top: storage, catalog and its search projection, media, core, server, cli. Arrows point down only;
 * the presentation layers never touch the database or run processes themselves. The bench's classes
 * (a test dependency of this module) are checked too.
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
                .layer("semantic").definedBy("org.thatdam.semantic..")
                .layer("core").definedBy("org.thatdam.core..")
                .layer("server").definedBy("org.thatdam.server..")
                .layer("cli").definedBy("org.thatdam.cli..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("server").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("core").mayOnlyBeAccessedByLayers("server", "cli")
                .whereLayer("media").mayOnlyBeAccessedByLayers("core", "server", "cli")
                .whereLayer("semantic").mayOnlyBeAccessedByLayers("core", "server", "cli")
                .whereLayer("search").mayOnlyBeAccessedByLayers("core", "server", "cli")
                .whereLayer("catalog").mayOnlyBeAccessedByLayers("search", "media", "core", "server", "cli")
                .whereLayer("storage").mayOnlyBeAccessedByLayers("catalog", "search", "media", "core", "server", "cli")
                .whereLayer("model").mayOnlyBeAccessedByLayers("storage", "catalog", "search", "media", "semantic", "core", "server",
                        "cli")
                .check(classes);
    }

    @Test
    void mediaSemanticAndSearchNeverSeeTheCatalog() {
        noClasses().that().resideInAnyPackage("org.thatdam.media..", "org.thatdam.semantic..", "org.thatdam.search..")
                .should().dependOnClassesThat().resideInAnyPackage("org.thatdam.catalog..")
                .because("media and the models produce, and search indexes, model records; none reads or writes the catalog")
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
    void theBenchIsSeen() {
        // the rules below cover the bench's classes too; without them they would pass vacuously for it
        assertThat(classes.containPackage("org.thatdam.bench")).isTrue();
    }

    @Test
    void onlyMediaStartsProcesses() {
        noClasses().that().resideOutsideOfPackage("org.thatdam.media..")
                // the bench is a measuring tool, not part of the product: it starts peer tools and JVMs of its own
                .and().resideOutsideOfPackage("org.thatdam.bench..")
                .should().dependOnClassesThat().areAssignableTo(ProcessBuilder.class)
                .because("the ffmpeg gateway in dam-media is the only place that builds command lines")
                .check(classes);
    }

    /**
     * No class but FfmpegArgs types the base options of an ffmpeg run again (they drifted apart when
     * each did): every module's compiled classes are searched for them. The console's argument
     * policy names them as options a user may give.
     */
    @Test
    void onlyFfmpegArgsTypesTheBaseOptions() throws IOException {
        List<String> typed = new ArrayList<>();
        Set<String> searched = new HashSet<>();
        for (JavaClass c : classes) {
            if (c.getName().startsWith("org.thatdam.media.ffmpeg.FfmpegArgs")
                    || c.getName().startsWith("org.thatdam.media.console.ArgumentPolicy")
                    || c.getSource().isEmpty()) {
                continue;
            }
            String bytes;
            try (InputStream in = c.getSource().get().getUri().toURL().openStream()) {
                bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
            searched.add(c.getPackageName());
            for (String option : List.of("-hide_banner", "-nostdin", "-loglevel", "-nostats")) {
                if (bytes.contains(option)) {
                    typed.add(c.getName() + ": " + option);
                }
            }
        }
        assertThat(searched).as("the bytes of every module's classes were read")
                .contains("org.thatdam.bench", "org.thatdam.cli", "org.thatdam.core.jobs", "org.thatdam.media.derive");
        assertThat(typed).isEmpty();
    }

    @Test
    void catalogImplementationIsHidden() {
        classes().that().resideInAPackage("org.thatdam.catalog.sql..").and().areNotAnonymousClasses()
                .and().doNotHaveSimpleName("SqliteCatalog").and().doNotHaveSimpleName("CatalogCopy")
                .should().notBePublic()
                .check(classes);
    }
}
