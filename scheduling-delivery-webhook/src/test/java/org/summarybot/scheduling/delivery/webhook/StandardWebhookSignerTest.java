package org.summarybot.scheduling.delivery.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StandardWebhookSignerTest {

  @Test
  void signs_the_standard_webhooks_specification_vector() {
    StandardWebhookSigner signer = StandardWebhookSigner.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").orElseThrow();

    String signature = signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}".getBytes(UTF_8));

    assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void accepts_the_secret_without_its_whsec_prefix() {
    StandardWebhookSigner signer = StandardWebhookSigner.of("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").orElseThrow();

    assertThat(signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}".getBytes(UTF_8)))
        .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void two_secrets_during_a_rotation_give_two_signatures() {
    StandardWebhookSigner signer =
        StandardWebhookSigner.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw whsec_c2Vjb25kLXNlY3JldA==").orElseThrow();

    String[] signatures = signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L,
        "{\"test\": 2432232314}".getBytes(UTF_8)).split(" ");

    assertThat(signatures).hasSize(2);
    assertThat(signatures[0]).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    assertThat(signatures[1]).startsWith("v1,").isNotEqualTo(signatures[0]);
  }

  @Test
  void a_secret_that_is_not_base64_is_refused_and_never_echoed() {
    assertThat(StandardWebhookSigner.of("whsec_not base64!")).isEmpty();
    assertThat(StandardWebhookSigner.of("whsec_")).isEmpty();
    assertThat(StandardWebhookSigner.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").orElseThrow().toString())
        .doesNotContain("MfKQ9r8");
  }
}
