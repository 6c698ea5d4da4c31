package org.summarybot.scheduling.summarizer.llm;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.summarybot.architecture.HexagonRules;

/** The LLM summarizer's place in the hexagon (DESIGN.md module table). */
@AnalyzeClasses(packages = "org.summarybot.scheduling.summarizer.llm", importOptions = ImportOption.DoNotIncludeTests.class)
class LlmArchitectureTest {
  @ArchTest
  static final ArchRule the_adapter_depends_only_on_the_jdk_core_jackson_and_jtokkit = HexagonRules.adapterDependsOnlyOn(
      "org.summarybot.scheduling.summarizer.llm", "com.fasterxml.jackson..", "com.knuddels.jtokkit..");

  @ArchTest
  static final ArchRule the_adapter_does_not_reach_into_other_adapters_or_core_inside =
      HexagonRules.adapterStaysOutOfOthers("org.summarybot.scheduling.summarizer.llm");

  @ArchTest
  static final ArchRule only_the_entry_point_is_public =
      HexagonRules.onlyPublic("org.summarybot.scheduling.summarizer.llm", "LlmSummarizer");

  @ArchTest
  static final ArchRule time_comes_from_the_injected_clock =
      HexagonRules.timeComesFromTheClock("org.summarybot.scheduling.summarizer.llm");
}
