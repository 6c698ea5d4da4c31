package org.summarybot.scheduling.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SetOnceTest {

  @Test
  void settings_given_once_each_are_no_problem() {
    SetOnce s = new SetOnce();
    assertThat(s.set("store", "a")).isEqualTo("a");
    s.given("clock");

    assertThatCode(s::throwIfAny).doesNotThrowAnyException();
  }

  @Test
  void a_setting_given_twice_is_named_at_build() {
    SetOnce s = new SetOnce();
    s.set("store", "a");
    s.set("lease", "b");
    s.set("store", "c");

    assertThatThrownBy(s::throwIfAny).isInstanceOf(ValidationException.class)
        .hasMessageContaining("store: is set more than once").hasMessageNotContaining("lease");
  }

  @Test
  void a_missing_value_is_refused_at_once_naming_the_setting() {
    assertThatThrownBy(() -> new SetOnce().set("store", null)).isInstanceOf(NullPointerException.class)
        .hasMessage("store");
  }
}
