package org.summarybot.scheduling.delivery.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.GUILD;
import static org.summarybot.scheduling.delivery.discord.FakeDiscord.TEXT;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.summarybot.scheduling.delivery.discord.FakeDiscord.Scripted;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.Message;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.MessageBatch;
import org.summarybot.scheduling.port.MessageSource;

/**
 * Real JDA naming a window's authors. Discord's history answers carry the user (username, global name) but no
 * member, so a server nickname is only known by asking for the member.
 */
class ChannelHistoryAuthorNamesTest {
  private static final Instant FROM = Instant.parse("2026-03-01T08:00:00Z");
  private static final Instant TO = Instant.parse("2026-03-02T08:00:00Z");
  private static final TimeWindow WINDOW = TimeWindow.of(FROM, TO);
  private static final long ANA = 100_000_000_000_000_001L;
  private static final long BO = 100_000_000_000_000_003L;
  private static final long CY = 100_000_000_000_000_004L;
  private static final long DEE = 100_000_000_000_000_005L;

  private static FakeDiscord fake;
  private static DiscordAdapter adapter;
  private static MessageSource source;

  @BeforeAll
  static void start() throws Exception {
    fake = FakeDiscord.start();
    // lookups go one after another (one rate-limit bucket per server), each some tens of ms even on loopback
    adapter = DiscordAdapter.builder()
        .environment(name -> name.equals("DISCORD_TOKEN") ? FakeDiscord.TOKEN : null)
        .requestTimeout(Duration.ofSeconds(5))
        .readyTimeout(Duration.ofSeconds(15))
        .jdaSettings(fake::pointAtMe)
        .build();
    source = adapter.messageSource();
  }

  @AfterAll
  static void stop() throws Exception {
    if (adapter != null) {
      adapter.close();
    }
    fake.close();
  }

  @BeforeEach
  void clear() {
    fake.clear();
    fake.clearHistory(TEXT);
    fake.clearMembers();
  }

  private static String memberPath(long user) {
    return "/guilds/" + Long.toUnsignedString(GUILD) + "/members/" + Long.toUnsignedString(user);
  }

  private static Map<String, String> namesById(MessageBatch batch) {
    return batch.messages().stream().collect(Collectors.toMap(Message::authorId, Message::authorName, (a, b) -> a));
  }

  @Test
  void authors_go_by_their_server_nickname_else_their_global_name_never_their_username() {
    ObjectNode ana = FakeDiscord.person(ANA, "ana_l", "Ana Lima");
    ObjectNode bo = FakeDiscord.person(BO, "bo99", "Bo Berg");
    ObjectNode cy = FakeDiscord.person(CY, "cyc", "Cy Chen");
    ObjectNode dee = FakeDiscord.user(DEE, "dee", false);
    fake.addMember(GUILD, ana, "Ana (ops)");
    fake.addMember(GUILD, bo, null);
    fake.addMember(GUILD, dee, null); // cy left the server: Unknown Member
    for (int i = 0; i < 3; i++) {
      fake.addMessage(TEXT, FROM.plusSeconds(10 + i), ana, "ana " + i);
    }
    fake.addMessage(TEXT, FROM.plusSeconds(20), bo, "bo");
    fake.addMessage(TEXT, FROM.plusSeconds(30), cy, "cy");
    fake.addMessage(TEXT, FROM.plusSeconds(40), dee, "dee");

    MessageBatch batch = source.fetch(ChannelId.of(TEXT), WINDOW, 100, false);

    assertThat(batch.messages()).hasSize(6);
    assertThat(batch.messages()).filteredOn(m -> m.authorId().equals(Long.toUnsignedString(ANA)))
        .extracting(Message::authorName).containsOnly("Ana (ops)");
    assertThat(namesById(batch)).containsEntry(Long.toUnsignedString(BO), "Bo Berg")
        .containsEntry(Long.toUnsignedString(CY), "Cy Chen").containsEntry(Long.toUnsignedString(DEE), "dee");
    assertThat(fake.requestsTo("GET", memberPath(ANA))).as("one lookup per author and window").hasSize(1);
    assertThat(fake.requestsTo("GET", memberPath(CY))).hasSize(1);
  }

  @Test
  void a_name_lookup_without_an_answer_keeps_the_global_name_and_never_fails_the_read() {
    ObjectNode ana = FakeDiscord.person(ANA, "ana_l", "Ana Lima");
    fake.addMember(GUILD, ana, "Ana (ops)");
    fake.addMessage(TEXT, FROM.plusSeconds(10), ana, "still read");
    CountDownLatch release = new CountDownLatch(1);
    fake.script("GET", memberPath(ANA), Scripted.hang(release));
    try {
      MessageBatch batch = source.fetch(ChannelId.of(TEXT), WINDOW, 100, false);

      assertThat(batch.messages()).singleElement().satisfies(m -> {
        assertThat(m.content()).isEqualTo("still read");
        assertThat(m.authorName()).isEqualTo("Ana Lima");
      });
    } finally {
      release.countDown();
    }
  }

  @Test
  void at_most_fifty_authors_are_looked_up_per_window_the_most_active_first() {
    int authors = AuthorNames.MAX_LOOKUPS + 5;
    List<ObjectNode> people = java.util.stream.IntStream.range(0, authors)
        .mapToObj(i -> FakeDiscord.person(200_000_000_000_000_000L + i, "user" + i, "Global " + i)).toList();
    people.forEach(p -> fake.addMember(GUILD, p, "Nick " + p.get("username").asText().substring(4)));
    for (int i = 0; i < authors; i++) {
      fake.addMessage(TEXT, FROM.plusSeconds(i), people.get(i), "hello " + i);
    }
    ObjectNode chatty = people.get(authors - 1);
    fake.addMessage(TEXT, FROM.plusSeconds(1000), chatty, "again");

    MessageBatch batch = source.fetch(ChannelId.of(TEXT), WINDOW, 1000, false);

    Map<String, String> names = namesById(batch);
    Function<Integer, String> id = i -> people.get(i).get("id").asText();
    assertThat(fake.requests()).filteredOn(r -> r.path().contains("/members/")).hasSize(AuthorNames.MAX_LOOKUPS);
    assertThat(names.get(id.apply(authors - 1))).as("the most active, though last seen").isEqualTo("Nick " + (authors - 1));
    assertThat(names.get(id.apply(0))).isEqualTo("Nick 0");
    assertThat(names.get(id.apply(authors - 2))).as("past the cap").isEqualTo("Global " + (authors - 2));
  }
}
