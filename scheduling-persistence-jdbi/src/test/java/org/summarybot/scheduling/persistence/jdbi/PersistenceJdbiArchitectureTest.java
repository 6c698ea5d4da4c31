package org.summarybot.scheduling.persistence.jdbi;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.summarybot.architecture.HexagonRules;

/** The SQL store's place in the hexagon (DESIGN.md module table). */
@AnalyzeClasses(packages = "org.summarybot.scheduling.persistence.jdbi", importOptions = ImportOption.DoNotIncludeTests.class)
class PersistenceJdbiArchitectureTest {
  @ArchTest
  static final ArchRule depends_only_on_the_jdk_core_the_shared_json_form_jdbi_flyway_and_hikari =
      HexagonRules.adapterDependsOnlyOn("org.summarybot.scheduling.persistence.jdbi", "org.summarybot.scheduling.json..",
          "org.jdbi..", "org.flywaydb..", "com.zaxxer.hikari..");

  @ArchTest
  static final ArchRule does_not_depend_on_other_adapters_or_core_inside =
      HexagonRules.adapterStaysOutOfOthers("org.summarybot.scheduling.persistence.jdbi");

  @ArchTest
  static final ArchRule only_the_store_is_public =
      HexagonRules.onlyPublic("org.summarybot.scheduling.persistence.jdbi", "JdbiTaskStore");

  @ArchTest
  static final ArchRule time_comes_from_the_injected_clock =
      HexagonRules.timeComesFromTheClock("org.summarybot.scheduling.persistence.jdbi");
}
