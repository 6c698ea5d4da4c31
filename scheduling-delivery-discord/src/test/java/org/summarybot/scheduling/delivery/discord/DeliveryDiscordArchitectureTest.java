package org.summarybot.scheduling.delivery.discord;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.summarybot.architecture.HexagonRules;

/**
 * The Discord adapter's place in the hexagon (DESIGN.md module table): a driven adapter (delivery, history,
 * notices) and, with {@code /schedule}, a driving one that calls the engine's management API.
 */
@AnalyzeClasses(packages = "org.summarybot.scheduling.delivery.discord", importOptions = ImportOption.DoNotIncludeTests.class)
class DeliveryDiscordArchitectureTest {
  @ArchTest
  static final ArchRule depends_only_on_the_jdk_core_jda_and_jackson = HexagonRules.drivingAdapterDependsOnlyOn(
      "org.summarybot.scheduling.delivery.discord", "net.dv8tion..", "com.fasterxml.jackson..");

  @ArchTest
  static final ArchRule does_not_depend_on_other_adapters_or_core_inside =
      HexagonRules.drivingAdapterStaysOutOfOthers("org.summarybot.scheduling.delivery.discord");

  @ArchTest
  static final ArchRule only_the_entries_are_public = HexagonRules.onlyPublic(
      "org.summarybot.scheduling.delivery.discord", "DiscordAdapter", "DiscordLoginException", "ExportMessageSource",
      "AccessReport", "ScheduleCommands");
}
