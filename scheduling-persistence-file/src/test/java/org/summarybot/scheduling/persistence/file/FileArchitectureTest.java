package org.summarybot.scheduling.persistence.file;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "org.summarybot.scheduling.persistence.file",
    importOptions = ImportOption.DoNotIncludeTests.class)
class FileArchitectureTest {

  @ArchTest
  static final ArchRule the_file_store_depends_only_on_the_jdk_core_and_jackson =
      classes().should().onlyDependOnClassesThat().resideInAnyPackage(
          "java..", "org.summarybot.scheduling", "org.summarybot.scheduling.model..",
          "org.summarybot.scheduling.port..", "org.summarybot.scheduling.persistence.file..",
          "com.fasterxml.jackson..");

  @ArchTest
  static final ArchRule only_the_entry_and_its_values_are_public =
      classes().that().arePublic().and().areNotNestedClasses()
          .should().haveSimpleName("FileTaskStore").orShould().haveSimpleName("ImportReport");

  @ArchTest
  static final ArchRule the_file_store_does_not_use_other_adapters_or_the_engine =
      classes().should().onlyDependOnClassesThat().resideOutsideOfPackages(
          "org.summarybot.scheduling.engine..", "org.summarybot.scheduling.store..",
          "org.summarybot.scheduling.persistence.jdbi..", "org.summarybot.scheduling.delivery..");
}
