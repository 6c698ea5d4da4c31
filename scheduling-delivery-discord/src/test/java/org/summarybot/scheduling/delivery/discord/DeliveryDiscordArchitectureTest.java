package org.summarybot.scheduling.delivery.discord;

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
@AnalyzeClasses(packages = "org.summarybot.scheduling.delivery.discord", importOptions = ImportOption.DoNotIncludeTests.class)
class DeliveryDiscordArchitectureTest {

  @ArchTest
  static final ArchRule depends_only_on_the_jdk_core_and_its_own_libraries =
      classes().should().onlyDependOnClassesThat().resideInAnyPackage(
          "java..", "org.summarybot.scheduling", "org.summarybot.scheduling.model..",
          "org.summarybot.scheduling.port..", "org.summarybot.scheduling.delivery.discord..", "net.dv8tion..", "com.fasterxml.jackson..")
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule does_not_depend_on_other_adapters =
      noClasses().should().dependOnClassesThat().resideInAnyPackage(
          "org.summarybot.scheduling.persistence.file..", "org.summarybot.scheduling.persistence.jdbi..", "org.summarybot.scheduling.delivery.webhook..", "org.summarybot.scheduling.app..")
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule implementation_classes_are_package_private =
      classes().that().haveSimpleNameNotEndingWith("Store").and().haveSimpleNameNotEndingWith("Delivery")
          .and().haveSimpleNameNotEndingWith("Adapter").and().haveSimpleNameNotEndingWith("Exception")
          .and().doNotHaveSimpleName("package-info")
          // The export reader is this module's public MessageSource entry.
          .and().doNotHaveSimpleName("ExportMessageSource")
          // What checkAccess reports, with its nested records, is part of the adapter's public entry.
          .and().haveNameNotMatching("org\\.summarybot\\.scheduling\\.delivery\\.discord\\.AccessReport(\\$.*)?")
          // The JDA adapter's nested builder belongs to its public entry (DiscordAdapter.builder()).
          .and().doNotHaveFullyQualifiedName("org.summarybot.scheduling.delivery.discord.DiscordAdapter$Builder")
          .should().notBePublic().allowEmptyShould(true);
}
