package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.DestinationType;

class DestinationTextTest {

  @Test
  void parses_every_destination_type_with_its_options() {
    assertThat(DestinationText.parse("discord:123456789012345678"))
        .isEqualTo(Destination.discord(org.summarybot.scheduling.model.ChannelId.of(123456789012345678L), DeliveryFormat.EMBED));
    assertThat(DestinationText.parse("discord:42;format=markdown").format()).isEqualTo(DeliveryFormat.MARKDOWN);
    assertThat(DestinationText.parse("webhook:https://hooks.example.com/x;secret=HOOK_SECRET"))
        .isEqualTo(Destination.webhook("https://hooks.example.com/x", Optional.of("HOOK_SECRET")));
    assertThat(DestinationText.parse("file:/srv/out/summaries;format=json"))
        .isEqualTo(Destination.file("/srv/out/summaries", DeliveryFormat.JSON));
    assertThat(DestinationText.parse("file:/srv/out")).isEqualTo(Destination.file("/srv/out", DeliveryFormat.MARKDOWN));
    assertThat(DestinationText.parse("console:")).isEqualTo(Destination.console());
    assertThat(DestinationText.parse(" console:;format=json ").type()).isEqualTo(DestinationType.CONSOLE);
  }

  @Test
  void a_relative_file_directory_is_made_absolute_against_the_current_directory() {
    Path cwd = Path.of("").toAbsolutePath();

    assertThat(DestinationText.parse("file:out/./summaries;format=json").target())
        .isEqualTo(cwd.resolve("out/summaries").toString());
    assertThat(DestinationText.parse("file:../elsewhere").target())
        .isEqualTo(cwd.resolve("../elsewhere").normalize().toString());
  }

  @Test
  void bad_destinations_name_the_flag_and_the_problem() {
    assertThatThrownBy(() -> DestinationText.parse("slack:#dev")).hasMessage(
        "--to: 'slack:#dev': unknown destination type 'slack' (use discord:, webhook:, file: or console:)");
    assertThatThrownBy(() -> DestinationText.parse("discord:dev")).hasMessageContaining("is not a Discord channel id");
    assertThatThrownBy(() -> DestinationText.parse("file:out;format=embed"))
        .hasMessage("--to: 'file:out;format=embed': format 'embed' is not one of json, markdown");
    assertThatThrownBy(() -> DestinationText.parse("webhook:https://h.example.com/x;secret=not a name"))
        .hasMessageContaining("is not an environment variable name");
    assertThatThrownBy(() -> DestinationText.parse("file:"))
        .hasMessageContaining("a file destination needs a directory");
    assertThatThrownBy(() -> DestinationText.parse("nocolon")).hasMessageStartingWith("--to: 'nocolon': expected");
  }

  @Test
  void a_webhook_url_is_never_printed_whole_in_an_error() {
    assertThatThrownBy(() -> DestinationText.parse("webhook:https://h.example.com/api/TOKEN123;colour=red"))
        .isInstanceOf(UsageException.class)
        .hasMessageNotContaining("TOKEN123")
        .hasMessageContaining("unknown option 'colour'");
  }
}
