package org.summarybot.scheduling.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The whole system's shape (DESIGN.md module table), checked over every module on the app's class path. */
@AnalyzeClasses(packages = "org.summarybot.scheduling", importOptions = ImportOption.DoNotIncludeTests.class)
class SystemArchitectureTest {
  private static final String[] CORE = {"org.summarybot.scheduling", "org.summarybot.scheduling.model..",
      "org.summarybot.scheduling.port..", "org.summarybot.scheduling.engine..", "org.summarybot.scheduling.schedule..",
      "org.summarybot.scheduling.store..", "org.summarybot.scheduling.testing.."};

  @ArchTest
  static final ArchRule core_depends_only_on_the_jdk_and_guava =
      classes().that().resideInAnyPackage(CORE).should().onlyDependOnClassesThat()
          .resideInAnyPackage(concat(CORE, "java..", "com.google.common..", "com.google.errorprone..", "org.jspecify.."));

  @ArchTest
  static final ArchRule adapters_do_not_depend_on_each_other =
      slices().matching("org.summarybot.scheduling.(persistence|delivery).(*)..").should().notDependOnEachOther();

  @ArchTest
  static final ArchRule adapters_do_not_depend_on_the_app =
      noClasses().that().resideInAnyPackage("org.summarybot.scheduling.persistence..", "org.summarybot.scheduling.delivery..")
          .should().dependOnClassesThat().resideInAnyPackage("org.summarybot.scheduling.app..");

  @ArchTest
  static final ArchRule ports_live_in_core =
      classes().that().areInterfaces().and().arePublic().should().resideInAnyPackage(CORE)
          .because("ports are interfaces owned by the core; adapters and the app only implement them");

  @ArchTest
  static final ArchRule only_the_app_uses_logging_and_cli_libraries =
      noClasses().that().resideOutsideOfPackage("org.summarybot.scheduling.app..")
          .should().dependOnClassesThat().resideInAnyPackage("org.slf4j..", "ch.qos.logback..", "picocli..", "io.micrometer..");

  private static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
