package org.summarybot.scheduling.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.summarybot.architecture.HexagonRules;

/** The whole system's shape (DESIGN.md module table), checked over every module on the app's class path. */
@AnalyzeClasses(packages = "org.summarybot.scheduling", importOptions = ImportOption.DoNotIncludeTests.class)
class SystemArchitectureTest {

  @ArchTest
  static final ArchRule core_depends_only_on_the_jdk_and_guava = HexagonRules.coreDependsOnlyOnTheJdkAndGuava();

  @ArchTest
  static final ArchRule adapters_do_not_depend_on_each_other =
      slices().matching("org.summarybot.scheduling.(persistence|delivery|summarizer).(*)..").should()
          .notDependOnEachOther();

  @ArchTest
  static final ArchRule adapters_do_not_depend_on_the_app =
      noClasses().that().resideInAnyPackage("org.summarybot.scheduling.persistence..", "org.summarybot.scheduling.delivery..",
              "org.summarybot.scheduling.summarizer..")
          .should().dependOnClassesThat().resideInAnyPackage("org.summarybot.scheduling.app..");

  @ArchTest
  static final ArchRule ports_live_in_core = HexagonRules.portsLiveInCore();

  @ArchTest
  static final ArchRule only_the_app_uses_logging_and_cli_libraries = HexagonRules.onlyTheAppUsesLoggingCliAndMetrics();

  @ArchTest
  static final ArchRule no_package_cycles_across_the_system = HexagonRules.packagesAreFreeOfCycles();
}
