package org.summarybot.scheduling.json;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.summarybot.architecture.HexagonRules;

/** The shared JSON form's place in the hexagon (DESIGN.md module table: core and Jackson only). */
@AnalyzeClasses(packages = "org.summarybot.scheduling.json", importOptions = ImportOption.DoNotIncludeTests.class)
class JsonArchitectureTest {
  @ArchTest
  static final ArchRule the_json_form_depends_only_on_the_jdk_core_and_jackson = HexagonRules.adapterDependsOnlyOn(
      "org.summarybot.scheduling.json", "com.fasterxml.jackson..");

  @ArchTest
  static final ArchRule the_json_form_does_not_use_adapters_or_core_inside =
      HexagonRules.adapterStaysOutOfOthers("org.summarybot.scheduling.json");

  @ArchTest
  static final ArchRule only_the_form_its_readers_and_its_error_are_public = HexagonRules.onlyPublic(
      "org.summarybot.scheduling.json", "TaskJson", "TaskStreamReader", "ExportDocument", "JsonIn",
      "BadJsonException");
}
