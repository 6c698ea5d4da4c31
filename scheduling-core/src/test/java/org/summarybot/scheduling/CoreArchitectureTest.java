package org.summarybot.scheduling;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.summarybot.architecture.HexagonRules;

@AnalyzeClasses(packages = "org.summarybot.scheduling", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreArchitectureTest {

  @ArchTest
  static final ArchRule core_depends_only_on_the_jdk_and_guava = HexagonRules.coreDependsOnlyOnTheJdkAndGuava();

  @ArchTest
  static final ArchRule core_never_reads_the_system_time_except_the_system_clock =
      HexagonRules.timeComesFromTheClock(HexagonRules.ROOT, "org.summarybot.scheduling.port.SystemClock");

  @ArchTest
  static final ArchRule the_engine_never_depends_on_the_test_clock = HexagonRules.theEngineNeverDependsOnTesting();

  @ArchTest
  static final ArchRule core_packages_are_free_of_cycles = HexagonRules.packagesAreFreeOfCycles();

  @ArchTest
  static final ArchRule ports_are_interfaces_or_values =
      classes().that().resideInAPackage("org.summarybot.scheduling.port")
          .and().haveSimpleNameNotEndingWith("Exception")
          .and().areNotRecords()
          .and().areNotEnums()
          .and().areNotNestedClasses()
          .and().areNotAnonymousClasses()
          .should().beInterfaces();

  @ArchTest
  static final ArchRule the_model_depends_on_no_other_package_of_the_project =
      noClasses().that().resideInAPackage("org.summarybot.scheduling.model..")
          .should().dependOnClassesThat().resideInAnyPackage(
              "org.summarybot.scheduling", "org.summarybot.scheduling.engine..", "org.summarybot.scheduling.store..",
              "org.summarybot.scheduling.port..", "org.summarybot.scheduling.schedule..",
              "org.summarybot.scheduling.testing..");
}
