package dev.harmonica.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package structure is the pipeline (README, "Architecture"): {@code harmony → scenario → tools → endpoint →
 * turn → journal → run → report → cli}. Each stage may use only the stages to its left; no two packages (stages or
 * their sub-packages) depend on each other in a cycle. Checked on the compiled main classes, tests excluded.
 */
class ArchitectureTest {
    /** The stages in pipeline order. */
    static final List<String> STAGES = List.of("harmony", "scenario", "tools", "endpoint", "turn", "journal", "run",
            "report", "cli");

    static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.harmonica");
    }

    @Test
    void everyMainClassLivesInAStage() {
        ArchRule rule = com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
                .should().resideInAnyPackage(STAGES.stream().map(s -> "dev.harmonica." + s + "..").toArray(String[]::new));
        rule.check(main);
    }

    @Test
    void eachStageUsesOnlyTheStagesBeforeIt() {
        Architectures.LayeredArchitecture layers = Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String s : STAGES) layers = layers.layer(s).definedBy("dev.harmonica." + s + "..");
        for (int i = 0; i < STAGES.size() - 1; i++) {
            // a stage may be used only by the stages after it
            String[] later = STAGES.subList(i + 1, STAGES.size()).toArray(String[]::new);
            layers = layers.whereLayer(STAGES.get(i)).mayOnlyBeAccessedByLayers(later);
        }
        layers = layers.whereLayer("cli").mayNotBeAccessedByAnyLayer();
        layers.check(main);
    }

    @Test
    void noCyclesBetweenStages() {
        slices().matching("dev.harmonica.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void noCyclesBetweenAnyTwoPackages() {
        // sub-packages too: e.g. harmony.parse and harmony.render build on harmony and never the other way round
        slices().matching("dev.harmonica.(**)").should().beFreeOfCycles().check(main);
    }

    @Test
    void productionCodeDoesNotDependOnTestLibraries() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.junit..", "org.assertj..", "net.jqwik..",
                "mockwebserver3..", "org.openjdk.jmh..").check(main);
    }
}
