package org.summarybot.scheduling.delivery.webhook;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "org.summarybot.scheduling.delivery.webhook",
    importOptions = ImportOption.DoNotIncludeTests.class)
class WebhookArchitectureTest {

  @ArchTest
  static final ArchRule the_adapter_depends_only_on_the_jdk_core_jackson_and_okhttp =
      classes().should().onlyDependOnClassesThat().resideInAnyPackage(
          "java..", "javax.crypto..", "javax.net..", "org.summarybot.scheduling", "org.summarybot.scheduling.model..",
          "org.summarybot.scheduling.port..", "org.summarybot.scheduling.delivery.webhook..",
          "com.fasterxml.jackson..", "okhttp3..", "okio..", "kotlin..")
          .because("DESIGN.md: scheduling-delivery-webhook may depend on core, Jackson and OkHttp");

  @ArchTest
  static final ArchRule the_adapter_does_not_reach_into_other_adapters_or_the_engine =
      noClasses().should().dependOnClassesThat().resideInAnyPackage(
          "org.summarybot.scheduling.delivery.discord..", "org.summarybot.scheduling.persistence..",
          "org.summarybot.scheduling.engine..", "org.summarybot.scheduling.store..",
          "org.summarybot.scheduling.app..", "com.google.common..", "org.slf4j..");

  @ArchTest
  static final ArchRule only_the_entry_point_is_public =
      classes().that().arePublic().and().areTopLevelClasses()
          .should().haveFullyQualifiedName(WebhookDelivery.class.getName())
          .because("adapters are package-private inside, with one small public entry");

  @ArchTest
  static final ArchRule time_comes_from_the_injected_clock =
      noClasses().should().callMethod(java.time.Instant.class, "now")
          .orShould().callMethod(System.class, "currentTimeMillis")
          .orShould().callMethod(Thread.class, "sleep", long.class);
}
