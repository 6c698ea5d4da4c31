package org.summarybot.scheduling.persistence.file;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.summarybot.architecture.HexagonRules;

/** The file store's place in the hexagon (DESIGN.md module table). */
@AnalyzeClasses(packages = "org.summarybot.scheduling.persistence.file", importOptions = ImportOption.DoNotIncludeTests.class)
class FileArchitectureTest {
  @ArchTest
  static final ArchRule the_file_store_depends_only_on_the_jdk_core_the_shared_json_form_and_jackson =
      HexagonRules.adapterDependsOnlyOn("org.summarybot.scheduling.persistence.file",
          "org.summarybot.scheduling.json..", "com.fasterxml.jackson..");

  @ArchTest
  static final ArchRule the_file_store_does_not_use_other_adapters_or_core_inside =
      HexagonRules.adapterStaysOutOfOthers("org.summarybot.scheduling.persistence.file");

  @ArchTest
  static final ArchRule only_the_entry_and_its_report_are_public =
      HexagonRules.onlyPublic("org.summarybot.scheduling.persistence.file", "FileTaskStore", "ImportReport");
}
