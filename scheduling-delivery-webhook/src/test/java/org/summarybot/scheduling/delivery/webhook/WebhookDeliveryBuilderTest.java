package org.summarybot.scheduling.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.port.Clock;

class WebhookDeliveryBuilderTest {

  @Test
  void a_setting_given_twice_fails_at_build_naming_it() {
    WebhookDelivery.Builder b = WebhookDelivery.builder().clock(Clock.system()).clock(Clock.system());

    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("clock");
  }

  @Test
  void bad_values_fail_at_build_naming_every_setting() {
    WebhookDelivery.Builder b = WebhookDelivery.builder()
        .allowList(List.of("10.0.0.0/8", "not a host!", "10.0.0.0/99"))
        .requestTimeout(Duration.ZERO)
        .maxResponseBytes(-1);

    assertThatThrownBy(b::build).isInstanceOf(ValidationException.class)
        .hasMessageContaining("allowList[1]: 'not a host!' is neither a host name nor an address range")
        .hasMessageContaining("allowList[2]")
        .hasMessageContaining("requestTimeout: must be positive")
        .hasMessageContaining("maxResponseBytes");
  }

  @Test
  void an_allow_list_entry_that_is_a_numeric_host_must_be_written_as_an_address() {
    WebhookDelivery.Builder b = WebhookDelivery.builder().allowList(List.of("2130706433", "0177.0.0.1", "127.0.0.1"));

    assertThatThrownBy(b::build).isInstanceOf(ValidationException.class)
        .hasMessageContaining("allowList[0]: '2130706433' is the address 127.0.0.1; write it in that form")
        .hasMessageContaining("allowList[1]: '0177.0.0.1' is the ambiguous numeric host 0177.0.0.1")
        .message().doesNotContain("allowList[2]");
  }

  @Test
  void an_allow_list_with_the_guard_off_is_an_impossible_combination() {
    WebhookDelivery.Builder b = WebhookDelivery.builder().ssrfGuard(false).allowList(List.of("hooks.internal"));

    assertThatThrownBy(b::build).isInstanceOf(ValidationException.class)
        .hasMessageContaining("allowList: has no effect with the SSRF guard off");
  }

  @Test
  void a_notifier_needs_a_webhook_destination() {
    assertThatThrownBy(() -> WebhookDelivery.builder().buildNotifier(Destination.console()))
        .isInstanceOf(ValidationException.class).hasMessageContaining("notifier.destination");
  }

  @Test
  void defaults_build() {
    assertThat(WebhookDelivery.builder().build()).isNotNull();
    assertThat(WebhookDelivery.DEFAULT_CONNECT_TIMEOUT).isEqualTo(Duration.ofSeconds(5));
    assertThat(WebhookDelivery.DEFAULT_REQUEST_TIMEOUT).isEqualTo(Duration.ofSeconds(15));
    assertThat(WebhookDelivery.DEFAULT_MAX_RESPONSE_BYTES).isEqualTo(65536);
  }
}
