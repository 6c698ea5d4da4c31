package org.summarybot.architecture;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** The shared rules catch what they say they catch, and never pass by matching nothing. */
class HexagonRulesTest {
  private static final String SAMPLE = "org.summarybot.scheduling.delivery.sample";
  private static final JavaClasses CLASSES = new ClassFileImporter().importPackages("org.summarybot.scheduling");

  @Test
  void a_rule_over_a_mistyped_package_fails_instead_of_checking_nothing() {
    assertThatThrownBy(() -> HexagonRules.adapterDependsOnlyOn("org.summarybot.scheduling.delivery.smaple").check(CLASSES))
        .isInstanceOf(AssertionError.class).hasMessageContaining("failed to check any classes");
    assertThatThrownBy(() -> HexagonRules.onlyPublic("org.summarybot.scheduling.delivery.smaple", "Entry").check(CLASSES))
        .isInstanceOf(AssertionError.class).hasMessageContaining("failed to check any classes");
  }

  @Test
  void only_public_names_the_class_that_should_not_be_public() {
    assertThatCode(() -> HexagonRules.onlyPublic(SAMPLE, "Entry", "Leaked").check(CLASSES)).doesNotThrowAnyException();
    assertThatThrownBy(() -> HexagonRules.onlyPublic(SAMPLE, "Entry").check(CLASSES))
        .hasMessageContaining("Leaked").hasMessageNotContaining("Entry does not");
  }

  @Test
  void an_adapter_reaching_into_the_engine_is_caught() {
    assertThatThrownBy(() -> HexagonRules.adapterStaysOutOfOthers(SAMPLE).check(CLASSES))
        .hasMessageContaining("Leaked").hasMessageContaining("engine.sample.Inside");
    assertThatThrownBy(() -> HexagonRules.adapterDependsOnlyOn(SAMPLE).check(CLASSES))
        .hasMessageContaining("engine.sample.Inside");
  }

  @Test
  void a_cycle_between_packages_is_caught() {
    assertThatThrownBy(() -> HexagonRules.packagesAreFreeOfCycles().check(CLASSES))
        .hasMessageContaining("Cycle").hasMessageContaining("delivery.sample").hasMessageContaining("engine.sample");
  }

  @Test
  void reading_the_system_time_is_caught_unless_the_class_is_named() {
    assertThatThrownBy(() -> HexagonRules.timeComesFromTheClock(SAMPLE).check(CLASSES))
        .hasMessageContaining("currentTimeMillis");
    assertThatCode(() -> HexagonRules.timeComesFromTheClock(SAMPLE, SAMPLE + ".Entry").check(CLASSES))
        .doesNotThrowAnyException();
  }
}
