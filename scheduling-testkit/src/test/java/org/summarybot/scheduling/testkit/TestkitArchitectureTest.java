package org.summarybot.scheduling.testkit;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.summarybot.architecture.HexagonRules;

/** The testkit uses core's ports and model only, and the test libraries its row allows. */
@AnalyzeClasses(packages = "org.summarybot.scheduling.testkit", importOptions = ImportOption.DoNotIncludeTests.class)
class TestkitArchitectureTest {
  @ArchTest
  static final ArchRule testkit_depends_only_on_the_jdk_core_api_junit_and_assertj = HexagonRules.adapterDependsOnlyOn(
      "org.summarybot.scheduling.testkit", "org.summarybot.scheduling.testing..", "org.junit.jupiter.api..",
      "org.assertj.core..");
}
