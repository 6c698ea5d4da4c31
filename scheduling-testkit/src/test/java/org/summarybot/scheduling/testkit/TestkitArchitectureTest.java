package org.summarybot.scheduling.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "org.summarybot.scheduling.testkit", importOptions = ImportOption.DoNotIncludeTests.class)
class TestkitArchitectureTest {

  @ArchTest
  static final ArchRule testkit_depends_only_on_the_jdk_core_junit_and_assertj =
      classes().should().onlyDependOnClassesThat().resideInAnyPackage(
          "java..", "org.summarybot.scheduling..", "org.junit.jupiter.api..", "org.assertj.core..");

  @ArchTest
  static final ArchRule testkit_uses_only_the_ports_and_the_model_of_core =
      classes().should().onlyDependOnClassesThat().resideOutsideOfPackages(
          "org.summarybot.scheduling.store..", "org.summarybot.scheduling.engine..");
}
