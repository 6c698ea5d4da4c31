package org.summarybot.scheduling.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.SchedulingException;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.DeliveryResult;
import org.summarybot.scheduling.model.DeliveryStatus;
import org.summarybot.scheduling.model.Destination;

/** The text columns: every character survives, absent and empty optionals stay apart, damage is named. */
class EncodingTest {

  @Test
  void destinations_with_tabs_newlines_backslashes_and_empty_reasons_round_trip() {
    List<Destination> ds = List.of(
        Destination.file("C:\\summaries\\\tweird\nname\r", DeliveryFormat.JSON).disable(""),
        Destination.webhook("https://h.example.com/a?x=+1%5C", Optional.of("HOOK_SECRET")).disable("+ - \\n"),
        Destination.console());

    String text = Encoding.destinations(ds);

    assertThat(Encoding.destinations(text)).isEqualTo(ds);
    assertThat(text.lines()).hasSize(3);
    assertThat(Encoding.destinations("")).isEmpty();
  }

  @Test
  void delivery_results_and_channel_lists_round_trip() {
    List<DeliveryResult> rs = List.of(DeliveryResult.delivered("console:"),
        new DeliveryResult("webhook:https://h/…", DeliveryStatus.FAILED, Optional.of("HTTP 500\n\tbody")));
    assertThat(Encoding.deliveries(Encoding.deliveries(rs))).isEqualTo(rs);
    assertThat(Encoding.deliveries("")).isEmpty();
    List<ChannelId> cs = List.of(ChannelId.of(1), ChannelId.of(Long.MAX_VALUE));
    assertThat(Encoding.channels(cs)).isEqualTo("1,9223372036854775807");
    assertThat(Encoding.channels(Encoding.channels(cs))).isEqualTo(cs);
    assertThat(Encoding.channels("")).isEmpty();
  }

  @Test
  void damaged_text_is_an_error_naming_the_column() {
    assertThatThrownBy(() -> Encoding.destinations("CONSOLE\t\tMARKDOWN\t1\t-"))
        .isInstanceOf(SchedulingException.class).hasMessageContaining("destinations").hasMessageContaining("5 fields");
    assertThatThrownBy(() -> Encoding.deliveries("console:\tDELIVERED\tx"))
        .isInstanceOf(SchedulingException.class).hasMessageContaining("deliveries");
    assertThatThrownBy(() -> Encoding.deliveries("console:\\q\tDELIVERED\t-"))
        .isInstanceOf(SchedulingException.class).hasMessageContaining("unknown escape");
  }

  @Test
  void urls_are_shown_without_passwords() {
    assertThat(Dialect.redact("jdbc:postgresql://h:5432/db?user=a&password=s3cret&ssl=true"))
        .isEqualTo("jdbc:postgresql://h:5432/db?user=a&password=***&ssl=true");
    assertThat(Dialect.redact("jdbc:h2:file:/x;USER=sa;PASSWORD=s3cret;AUTO_SERVER=TRUE"))
        .isEqualTo("jdbc:h2:file:/x;USER=sa;PASSWORD=***;AUTO_SERVER=TRUE");
    assertThat(Dialect.redact("jdbc:postgresql://bob:s3cret@h/db")).isEqualTo("jdbc:postgresql://***@h/db");
  }
}
