package org.summarybot.scheduling;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "org.summarybot.scheduling", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreArchitectureTest {

  @ArchTest
  static final ArchRule core_depends_only_on_the_jdk_and_guava =
      classes().should().onlyDependOnClassesThat()
          .resideInAnyPackage("java..", "com.google.common..", "org.summarybot.scheduling..");

  @ArchTest
  static final ArchRule core_never_reads_the_system_time_except_the_system_clock =
      noClasses().that().doNotHaveFullyQualifiedName("org.summarybot.scheduling.port.SystemClock")
          .should().callMethod(java.time.Instant.class, "now")
          .orShould().callMethod(System.class, "currentTimeMillis")
          .orShould().callMethod(java.time.LocalDateTime.class, "now")
          .orShould().callMethod(java.time.ZonedDateTime.class, "now")
          .orShould().callMethod(java.time.LocalDate.class, "now")
          .orShould().callMethod(Thread.class, "sleep", long.class)
          .orShould().callMethod(Thread.class, "sleep", long.class, int.class)
          .because("time is an input: core asks a Clock (DESIGN.md, Ports)");

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
  static final ArchRule the_model_does_not_depend_on_the_engine_or_adapters =
      noClasses().that().resideInAPackage("org.summarybot.scheduling.model..")
          .should().dependOnClassesThat().resideInAnyPackage(
              "org.summarybot.scheduling.engine..", "org.summarybot.scheduling.store..");
}
