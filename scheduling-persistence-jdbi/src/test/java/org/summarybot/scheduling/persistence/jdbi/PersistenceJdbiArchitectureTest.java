package org.summarybot.scheduling.persistence.jdbi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The adapter's place in the hexagon (DESIGN.md module table). The module is filled by its own issue; until then
 * the rules hold vacuously ({@code allowEmptyShould}), and they bind every class added later.
 */
@AnalyzeClasses(packages = "org.summarybot.scheduling.persistence.jdbi", importOptions = ImportOption.DoNotIncludeTests.class)
class PersistenceJdbiArchitectureTest {

  @ArchTest
  static final ArchRule depends_only_on_the_jdk_core_and_its_own_libraries =
      classes().should().onlyDependOnClassesThat().resideInAnyPackage(
          "java..", "org.summarybot.scheduling", "org.summarybot.scheduling.model..",
          "org.summarybot.scheduling.port..", "org.summarybot.scheduling.persistence.jdbi..", "org.jdbi..", "org.flywaydb..", "com.zaxxer.hikari..")
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule does_not_depend_on_other_adapters =
      noClasses().should().dependOnClassesThat().resideInAnyPackage(
          "org.summarybot.scheduling.persistence.file..", "org.summarybot.scheduling.delivery.webhook..", "org.summarybot.scheduling.delivery.discord..", "org.summarybot.scheduling.app..")
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule implementation_classes_are_package_private =
      classes().that().haveSimpleNameNotEndingWith("Store").and().haveSimpleNameNotEndingWith("Delivery")
          .and().haveSimpleNameNotEndingWith("Adapter").and().haveSimpleNameNotEndingWith("Exception")
          .and().doNotHaveSimpleName("package-info")
          // The public entry's own nested types (its builder and time-source option) are part of its API.
          .and().doNotBelongToAnyOf(JdbiTaskStore.class)
          .should().notBePublic().allowEmptyShould(true);
}
