package org.summarybot.scheduling.benchmarks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.summarybot.scheduling.delivery.discord.DiscordAdapter;
import org.summarybot.scheduling.delivery.discord.FakeDiscord;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.DeliveryFormat;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.ExecutionId;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.Message;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.Summary;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.TimeWindow;
import org.summarybot.scheduling.port.DeliveryChannel;
import org.summarybot.scheduling.port.DeliveryJournal;
import org.summarybot.scheduling.port.DeliveryOutcome;
import org.summarybot.scheduling.port.DeliveryRequest;
import org.summarybot.scheduling.port.MessageBatch;
import org.summarybot.scheduling.port.MessageSource;

/**
 * Discord adapter figures (plain main, not JMH): real JDA, through the adapter's public entry
 * ({@link DiscordAdapter}), against the local {@link FakeDiscord} of the discord module's test-jar (REST on the
 * JDK's HTTP server, gateway on Java-WebSocket, both on 127.0.0.1, same machine):
 *
 * <ol>
 *   <li>fetching and mapping N messages of one channel window through the {@link MessageSource} (100 per page,
 *       oldest first): messages per second and total time, median of the timed fetches;
 *   <li>splitting and rendering a large Markdown summary (paragraphs, lists, links, inline code and code fences)
 *       end to end through the {@link DeliveryChannel}, in EMBED and in MARKDOWN format: summaries per second
 *       and characters per second. The splitter is package-private, so each delivery includes the sends of
 *       every part to the fake (one HTTP round trip per message).
 * </ol>
 *
 * <p>Both figures include the fake server's own work on the same cores (it filters and sorts its stored history
 * for every page). The fake's HTTP server runs with {@code sun.net.httpserver.nodelay=true} (set here unless
 * given), else Nagle's algorithm adds about 40 ms to each of its responses. No peer exists for these.
 *
 * <p>Run: {@code java -cp <benchmarks classpath> org.summarybot.scheduling.benchmarks.DiscordHarness
 * [messages] [summaryChars] [deliveries]}; defaults 10,000, 50,000 and 30.
 */
public final class DiscordHarness {
  private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
  private static final TimeWindow WINDOW = TimeWindow.of(FROM, FROM.plus(Duration.ofDays(1)));
  private static final long FIRST_AUTHOR = 100_000_000_000_000_001L;
  private static final int AUTHORS = 17;
  private static final String NODELAY = "sun.net.httpserver.nodelay";

  private DiscordHarness() {}

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int chars = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
    int deliveries = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    for (Figure f : run(messages, chars, deliveries)) {
      System.out.println(f.json());
    }
  }

  /**
   * Starts a fake Discord, logs the adapter in, and measures: {@code messages} fetched and mapped (one warm-up
   * fetch, then three timed), and {@code deliveries} timed deliveries of one summary of about {@code chars}
   * characters per format (after a few warm-up deliveries).
   */
  static List<Figure> run(int messages, int chars, int deliveries) throws Exception {
    // The JDK HTTP server leaves Nagle on unless told otherwise; with the client's delayed ACKs that costs the
    // fake about 40 ms per response, which would be measured as ours. Read once, when its first server starts.
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
    try (FakeDiscord fake = FakeDiscord.start();
        DiscordAdapter discord = DiscordAdapter.builder()
            .environment(name -> name.equals(DiscordAdapter.DEFAULT_TOKEN_VARIABLE) ? FakeDiscord.TOKEN : null)
            .jdaSettings(fake::pointAtMe)
            .build()) {
      List<Figure> out = new ArrayList<>(fetch(fake, discord.messageSource(), messages));
      String markdown = summaryMarkdown(chars);
      for (DeliveryFormat format : List.of(DeliveryFormat.EMBED, DeliveryFormat.MARKDOWN)) {
        out.addAll(deliver(fake, discord.deliveryChannel(), format, markdown, deliveries));
      }
      return out;
    }
  }

  private static List<Figure> fetch(FakeDiscord fake, MessageSource source, int n) {
    fake.clearHistory(FakeDiscord.TEXT);
    long spacingMillis = WINDOW.length().toMillis() / (n + 1);
    ObjectNode previous = null;
    for (int i = 0; i < n; i++) {
      int author = i % AUTHORS;
      ObjectNode m = fake.addMessage(FakeDiscord.TEXT, FROM.plusMillis(spacingMillis * (i + 1)), FIRST_AUTHOR + author,
          "member-" + author, false, chatLine(i));
      if (i % 10 == 9 && previous != null) { // a reply to the message before it
        m.put("type", 19);
        m.putObject("message_reference").put("message_id", previous.get("id").asText())
            .put("channel_id", Long.toUnsignedString(FakeDiscord.TEXT));
        m.putNull("referenced_message");
      }
      if (i % 20 == 0) {
        ObjectNode reaction = m.withArray("reactions").addObject().put("count", 1 + i % 5).put("me", false)
            .put("me_burst", false);
        reaction.putObject("emoji").putNull("id").put("name", "\uD83D\uDC4D");
      }
      if (i % 50 == 0) {
        m.withArray("attachments").addObject().put("id", Long.toString(300_000_000_000_000_000L + i))
            .put("filename", "screenshot-" + i + ".png").put("size", 48_213).put("url", "https://cdn.example/s" + i)
            .put("proxy_url", "https://media.example/s" + i);
      }
      previous = m;
    }
    ChannelId channel = ChannelId.of(FakeDiscord.TEXT);
    check(source.fetch(GuildId.of(FakeDiscord.GUILD), channel, WINDOW, n, false), n); // warm-up
    long[] nanos = new long[3];
    for (int r = 0; r < nanos.length; r++) {
      fake.clear();
      long start = System.nanoTime();
      MessageBatch batch = source.fetch(GuildId.of(FakeDiscord.GUILD), channel, WINDOW, n, false);
      nanos[r] = System.nanoTime() - start;
      check(batch, n);
    }
    fake.clear();
    fake.clearHistory(FakeDiscord.TEXT);
    Arrays.sort(nanos);
    double seconds = nanos[nanos.length / 2] / 1e9;
    String size = String.format(Locale.ROOT, "%,d", n);
    return List.of(
        Figure.alone("discord: fetch and map " + size + " messages (MessageSource, fake Discord)", "messages/s",
            n / seconds, true),
        Figure.alone("discord: fetch and map " + size + " messages, total time", "s", seconds, false));
  }

  private static void check(MessageBatch batch, int n) {
    List<Message> got = batch.messages();
    if (got.size() != n || batch.truncated()) {
      throw new IllegalStateException("fetched " + got.size() + " of " + n + " messages (truncated: "
          + batch.truncated() + ")");
    }
    for (int i = 1; i < got.size(); i++) {
      if (got.get(i).timestamp().isBefore(got.get(i - 1).timestamp())) {
        throw new IllegalStateException("messages out of order at " + i);
      }
    }
  }

  private static List<Figure> deliver(FakeDiscord fake, DeliveryChannel channel, DeliveryFormat format,
      String markdown, int deliveries) {
    Destination destination = Destination.discord(ChannelId.of(FakeDiscord.TEXT), format);
    ScheduledTask task = ScheduledTask.builder().id(TaskId.of("bench-" + format.name().toLowerCase(Locale.ROOT)))
        .name("Weekly engineering digest").guildId(GuildId.of(FakeDiscord.GUILD)).channel(ChannelId.of(FakeDiscord.TEXT))
        .schedule("daily 09:00").zone(ZoneId.of("Europe/Berlin")).destination(destination)
        .createdAt(FROM.minus(Duration.ofDays(30))).build();
    List<String> participants = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      participants.add("member-" + i);
    }
    Summary summary = new Summary("Engineering channel, last 24 hours", markdown, participants, 10_000, WINDOW);
    int warmUp = Math.max(1, Math.min(5, deliveries / 5));
    int parts = 0;
    for (int i = 0; i < warmUp; i++) {
      parts = deliverOnce(channel, task, destination, summary, -1 - i);
    }
    fake.clear();
    long start = System.nanoTime();
    for (int i = 0; i < deliveries; i++) {
      deliverOnce(channel, task, destination, summary, i);
      if (i % 10 == 9) {
        fake.clear(); // keep the fake's request log small
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    fake.clear();
    String what = String.format(Locale.ROOT, "discord: deliver a %,d-character summary, %s (%d messages each)",
        markdown.length(), format, parts);
    return List.of(
        Figure.alone(what, "summaries/s", deliveries / seconds, true),
        Figure.alone(what + ", characters", "chars/s", deliveries * (double) markdown.length() / seconds, true));
  }

  /** Delivers once as its own execution (so each round sends every part); returns how many messages it took. */
  private static int deliverOnce(DeliveryChannel channel, ScheduledTask task, Destination destination,
      Summary summary, int round) {
    Instant fire = WINDOW.to().plusSeconds(round);
    DeliveryOutcome o = channel.deliver(new DeliveryRequest(ExecutionId.of(task.id(), fire), task, destination,
        summary, fire, 1, DeliveryJournal.none()));
    if (!(o instanceof DeliveryOutcome.Delivered d)) {
      throw new IllegalStateException("delivery failed: " + o);
    }
    return Integer.parseInt(d.detail().substring(0, d.detail().indexOf(' ')));
  }

  private static String chatLine(int i) {
    return switch (i % 6) {
      case 0 -> "morning! did anyone look at the flaky test in the scheduler module? it failed twice overnight";
      case 1 -> "yes, it's the DST case, see https://github.com/example/repo/issues/" + (400 + i % 97)
          + " and the log I attached";
      case 2 -> "I think we should retry with backoff there instead of failing the whole run `retry(3)`";
      case 3 -> "+1, and let's add a metric for it";
      case 4 -> "PR is up: [fix DST edge](https://github.com/example/repo/pull/" + (900 + i % 89)
          + "), reviews welcome :eyes:";
      default -> "merged, thanks all. next: the release notes for 0." + (i % 9) + " — who takes them?";
    };
  }

  /**
   * About {@code chars} characters of the Markdown a summarizer writes: headings, bullet lists with links and
   * inline code, a blockquote, and every few sections a code fence of 8 to 40 lines.
   */
  static String summaryMarkdown(int chars) {
    StringBuilder b = new StringBuilder(chars + 2_000);
    int section = 0;
    while (b.length() < chars) {
      b.append("## Topic ").append(section + 1).append(": release ").append(section % 4).append('.')
          .append(section % 10).append(" planning\n\n");
      b.append("The team went through the open items for [milestone ").append(section)
          .append("](https://github.com/example/repo/milestone/").append(section)
          .append(") and agreed on the order of work. @everyone was asked to review before Friday; nobody objected.\n\n");
      for (int i = 0; i < 4 + section % 3; i++) {
        b.append("- `").append("service-").append((section + i) % 7).append("`: ")
            .append("fixed the retry of failed deliveries, see <https://example.com/runs/").append(section * 10 + i)
            .append("> and [the design note](https://example.com/docs/design-").append(i).append(".md#retries)\n");
      }
      b.append('\n');
      if (section % 3 == 1) {
        b.append("> the backoff should cap at five minutes, otherwise a long outage delays every later run\n\n");
      }
      if (section % 4 == 2) {
        int lines = 8 + section * 7 % 33;
        b.append("```java\n");
        for (int l = 0; l < lines; l++) {
          b.append("  Duration delay").append(l).append(" = backoff.next(attempt + ").append(l)
              .append(", Duration.ofSeconds(").append(l * 3 + 1).append("));\n");
        }
        b.append("```\n\n");
      }
      b.append("Decision: ship it behind a flag, measure for a week, then decide on the default for ")
          .append("everyone. Follow-ups are tracked in the issue.\n\n");
      section++;
    }
    return b.toString().strip();
  }
}
