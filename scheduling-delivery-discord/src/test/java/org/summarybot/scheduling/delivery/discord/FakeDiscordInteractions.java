package org.summarybot.scheduling.delivery.discord;

import static org.summarybot.scheduling.delivery.discord.FakeDiscord.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The interactions side of {@link FakeDiscord}, strict as Discord is (its documentation: <i>Receiving and
 * Responding</i>, <i>Application Commands</i>, <i>JSON Error Codes</i>):
 *
 * <ul>
 *   <li>an interaction is dispatched as {@code INTERACTION_CREATE} to every gateway connection, as Discord sends
 *       it to every session of the shard;
 *   <li>{@code POST /interactions/{id}/{token}/callback} takes exactly one initial response, within 3 seconds of
 *       the interaction: later, or with a wrong id or token, it is 404 {@code 10062 Unknown interaction}; a second
 *       one is 400 {@code 40060 Interaction has already been acknowledged};
 *   <li>a command takes a message (type 4, at most 2000 characters, flag 64 ephemeral) or a deferral (type 5);
 *       autocomplete takes only its result (type 8, at most 25 choices): a deferral of autocomplete is 400
 *       {@code 50035 Invalid Form Body}, as is any other type;
 *   <li>{@code PATCH /webhooks/{app}/{token}/messages/@original} and {@code POST /webhooks/{app}/{token}} (the
 *       follow-ups) work only after the initial response; before it they are 404 {@code 10015 Unknown Webhook};
 *   <li>{@code PUT /applications/{app}/commands} (global) and {@code PUT /applications/{app}/guilds/{guild}/commands}
 *       replace the command set and answer it with ids; {@code GET /webhooks/{id}/{token}} answers a webhook
 *       with its {@code guild_id}, or 404 {@code 10015}.
 * </ul>
 *
 * The callback and webhook endpoints need no bot token (the interaction token is the credential), as at Discord.
 */
public final class FakeDiscordInteractions {
  /** Discord's limit on the time to the initial response. */
  static final Duration INITIAL_RESPONSE_DEADLINE = Duration.ofSeconds(3);
  static final int EPHEMERAL = 64;

  /** A user with Manage Server through the Moderators role. */
  public static final long MODERATOR = 400_000_000_000_000_001L;
  /** A user with the Helpers role only (no Manage Server). */
  public static final long HELPER = 400_000_000_000_000_002L;
  /** A user with no role at all. */
  public static final long MEMBER = 400_000_000_000_000_003L;
  /** A user with Manage Server in {@link FakeDiscord#GUILD_B}. */
  public static final long MODERATOR_B = 400_000_000_000_000_004L;
  public static final long ROLE_MODERATORS = 500_000_000_000_000_001L;
  public static final long ROLE_HELPERS = 500_000_000_000_000_002L;
  public static final long ROLE_MODERATORS_B = 500_000_000_000_000_003L;
  static final long MANAGE_SERVER = 1L << 5;

  /** One interaction as Discord keeps it, and everything the bot answered to it. */
  public static final class Interaction {
    public final String id;
    final String token;
    final int type;
    volatile long createdNanos;
    volatile JsonNode initial;
    /** Every answer in order: the callback body, then follow-up bodies ("PATCH @original: {...}"). */
    public final List<String> answers = new CopyOnWriteArrayList<>();
    /** Every error this fake answered the bot with, as "status code". */
    public final List<String> errors = new CopyOnWriteArrayList<>();
    volatile JsonNode original;

    Interaction(String id, String token, int type, long createdNanos) {
      this.id = id;
      this.token = token;
      this.type = type;
      this.createdNanos = createdNanos;
    }

    /** The initial response's body, once answered. */
    public JsonNode initial() {
      return initial;
    }

    /** The message the user sees: the initial message, or the deferred reply as edited. */
    public JsonNode shown() {
      return original;
    }

    /** The text the user sees, or null while nothing was shown. */
    public String text() {
      JsonNode o = original;
      return o == null ? null : o.path("content").asText();
    }

    public int flags() {
      JsonNode o = original;
      return o == null ? 0 : o.path("flags").asInt();
    }
  }

  /** A webhook Discord knows (for {@code GET /webhooks/{id}/{token}}). */
  record Hook(String token, long guild) {}

  private final FakeDiscord discord;
  private final Map<String, Interaction> interactions = new ConcurrentHashMap<>();
  private final Map<String, ArrayNode> commands = new ConcurrentHashMap<>();
  private final Map<String, Hook> webhooks = new ConcurrentHashMap<>();
  /** Ids are snowflakes of their creation time, as Discord's are (JDA reads an interaction's age from its id). */
  private final AtomicLong nextId = new AtomicLong(net.dv8tion.jda.api.utils.TimeUtil.getDiscordTimestamp(
      System.currentTimeMillis()));
  /** Times the command set was replaced, per scope ("global" or a guild id). */
  public final Map<String, Integer> commandPuts = new ConcurrentHashMap<>();

  FakeDiscordInteractions(FakeDiscord discord) {
    this.discord = discord;
  }

  /** The command set registered in {@code scope}: "global" or a guild id. */
  public ArrayNode commands(String scope) {
    return commands.getOrDefault(scope, JSON.createArrayNode());
  }

  void addWebhook(long id, String token, long guild) {
    webhooks.put(Long.toUnsignedString(id), new Hook(token, guild));
  }

  // ---- invoking ----

  /** Options of a command as a user fills them in; channel values are channel ids. */
  public static final class Options {
    final Map<String, Object> values = new LinkedHashMap<>();
    final Map<String, Integer> types = new LinkedHashMap<>();
    String focused;

    public Options string(String name, String value) {
      values.put(name, value);
      types.put(name, 3);
      return this;
    }

    public Options integer(String name, long value) {
      values.put(name, value);
      types.put(name, 4);
      return this;
    }

    public Options channel(String name, long id) {
      values.put(name, Long.toUnsignedString(id));
      types.put(name, 7);
      return this;
    }

    /** The option the user is typing in (autocomplete). */
    public Options focus(String name) {
      focused = name;
      return this;
    }
  }

  public static Options options() {
    return new Options();
  }

  /** A user runs {@code /schedule <sub>} in {@code channel} of {@code guild}. */
  public Interaction command(long guild, long channel, long user, String sub, Options o) {
    return dispatch(2, guild, channel, user, sub, o);
  }

  /** A user types in an autocompleted option of {@code /schedule <sub>}. */
  public Interaction autocomplete(long guild, long channel, long user, String sub, Options o) {
    return dispatch(4, guild, channel, user, sub, o);
  }

  private Interaction dispatch(int type, long guild, long channel, long user, String sub, Options o) {
    String id = Long.toUnsignedString(nextId.updateAndGet(last -> Math.max(last + 1,
        net.dv8tion.jda.api.utils.TimeUtil.getDiscordTimestamp(System.currentTimeMillis()))));
    String token = "interaction-token-" + id;
    Interaction i = new Interaction(id, token, type, System.nanoTime());
    interactions.put(id, i);
    ObjectNode d = JSON.createObjectNode().put("id", id).put("application_id", Long.toUnsignedString(FakeDiscord.BOT))
        .put("type", type).put("token", token).put("version", 1).put("guild_id", Long.toUnsignedString(guild))
        .put("channel_id", Long.toUnsignedString(channel)).put("locale", "en-US").put("guild_locale", "en-US")
        .put("app_permissions", Long.toString(FakeDiscord.BOT_PERMISSIONS)).put("context", 0);
    d.putObject("guild").put("id", Long.toUnsignedString(guild)).put("locale", "en-US").putArray("features");
    d.set("channel", discord.channelJson(channel));
    d.set("member", member(guild, user));
    d.putArray("entitlements");
    d.putObject("authorizing_integration_owners").put("0", Long.toUnsignedString(guild));
    ObjectNode data = d.putObject("data").put("id", "1500000000000000001").put("name", "schedule").put("type", 1);
    ArrayNode top = data.putArray("options");
    ObjectNode subcommand = top.addObject().put("name", sub).put("type", 1);
    ArrayNode opts = subcommand.putArray("options");
    ObjectNode resolvedChannels = JSON.createObjectNode();
    o.values.forEach((name, value) -> {
      ObjectNode opt = opts.addObject().put("name", name).put("type", o.types.get(name));
      if (value instanceof Long l) {
        opt.put("value", l);
      } else {
        opt.put("value", (String) value);
      }
      if (name.equals(o.focused)) {
        opt.put("focused", true);
      }
      if (o.types.get(name) == 7) {
        ObjectNode c = discord.channelJson(Long.parseUnsignedLong((String) value));
        if (c != null) {
          resolvedChannels.set((String) value, JSON.createObjectNode().put("id", c.get("id").asText())
              .put("name", c.path("name").asText()).put("type", c.path("type").asInt())
              .put("permissions", "0").put("parent_id", c.path("parent_id").asText(null)));
        }
      }
    });
    if (!resolvedChannels.isEmpty()) {
      data.putObject("resolved").set("channels", resolvedChannels);
    }
    discord.dispatchToAll("INTERACTION_CREATE", d);
    return i;
  }

  private static ObjectNode member(long guild, long user) {
    ObjectNode m = JSON.createObjectNode();
    m.set("user", FakeDiscord.user(user, "user-" + (user % 1000), false));
    ArrayNode roles = m.putArray("roles");
    long permissions = FakeDiscord.BOT_PERMISSIONS;
    if (user == MODERATOR) {
      roles.add(Long.toUnsignedString(ROLE_MODERATORS));
      permissions |= MANAGE_SERVER;
    } else if (user == HELPER) {
      roles.add(Long.toUnsignedString(ROLE_HELPERS));
    } else if (user == MODERATOR_B) {
      roles.add(Long.toUnsignedString(ROLE_MODERATORS_B));
      permissions |= MANAGE_SERVER;
    }
    m.put("permissions", Long.toString(permissions)).put("nick", (String) null).putNull("avatar")
        .put("joined_at", "2025-01-01T00:00:00Z").putNull("premium_since").put("deaf", false).put("mute", false)
        .put("flags", 0).put("pending", false);
    return m;
  }

  /** Moves an interaction's creation {@code by} into the past, as if it had waited that long for an answer. */
  public void age(Interaction i, Duration by) {
    i.createdNanos -= by.toNanos();
  }

  /** Waits (bounded) until the interaction has an answer that matches, and returns it. */
  public Interaction await(Interaction i, java.util.function.Predicate<Interaction> done, Duration bound)
      throws InterruptedException {
    long end = System.nanoTime() + bound.toNanos();
    synchronized (i) {
      while (!done.test(i)) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("interaction " + i.id + " not answered as expected within " + bound + "; answers "
              + i.answers + ", errors " + i.errors);
        }
        TimeUnit.NANOSECONDS.timedWait(i, left);
      }
    }
    return i;
  }

  /** Waits until the user sees a message and returns its text. */
  public String awaitText(Interaction i) throws InterruptedException {
    return await(i, x -> x.text() != null, Duration.ofSeconds(10)).text();
  }

  // ---- REST ----

  /** Answers {@code method path} when it is an interactions route; false when it is not one. */
  boolean answer(String method, String path, String body, Consumer<Answer> send) throws java.io.IOException {
    String[] seg = path.split("/");
    if (seg.length == 5 && seg[1].equals("interactions") && seg[4].equals("callback") && method.equals("POST")) {
      send.accept(callback(seg[2], seg[3], JSON.readTree(body)));
      return true;
    }
    if (seg.length >= 4 && seg[1].equals("webhooks") && seg[2].equals(Long.toUnsignedString(FakeDiscord.BOT))) {
      send.accept(followUp(method, seg, body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body)));
      return true;
    }
    if (seg.length == 4 && seg[1].equals("webhooks") && method.equals("GET")) {
      Hook h = webhooks.get(seg[2]);
      if (h == null || !h.token().equals(seg[3])) {
        send.accept(new Answer(404, "{\"message\":\"Unknown Webhook\",\"code\":10015}"));
      } else {
        send.accept(new Answer(200, JSON.createObjectNode().put("id", seg[2]).put("type", 1)
            .put("guild_id", Long.toUnsignedString(h.guild())).put("channel_id", Long.toUnsignedString(FakeDiscord.TEXT))
            .put("name", "hook").put("token", h.token()).toString()));
      }
      return true;
    }
    if (seg.length >= 4 && seg[1].equals("applications") && method.equals("PUT")
        && seg[2].equals(Long.toUnsignedString(FakeDiscord.BOT))) {
      String scope = seg.length == 6 && seg[3].equals("guilds") ? seg[4] : "global";
      send.accept(putCommands(scope, JSON.readTree(body)));
      return true;
    }
    return false;
  }

  record Answer(int status, String body) {}

  private Answer callback(String id, String token, JsonNode body) {
    Interaction i = interactions.get(id);
    if (i == null || !i.token.equals(token)) {
      return new Answer(404, "{\"message\":\"Unknown interaction\",\"code\":10062}");
    }
    synchronized (i) {
      try {
        if (i.initial != null) {
          return error(i, 400, "{\"message\":\"Interaction has already been acknowledged.\",\"code\":40060}");
        }
        if (System.nanoTime() - i.createdNanos > INITIAL_RESPONSE_DEADLINE.toNanos()) {
          return error(i, 404, "{\"message\":\"Unknown interaction\",\"code\":10062}");
        }
        int type = body.path("type").asInt();
        boolean ok = i.type == 4 ? type == 8 : type == 4 || type == 5;
        if (!ok) {
          return error(i, 400, "{\"message\":\"Invalid Form Body\",\"code\":50035,\"errors\":{\"type\":{\"_errors\":"
              + "[{\"code\":\"INTERACTION_TYPE_INVALID\",\"message\":\"Interaction response type " + type
              + " is not valid for this interaction\"}]}}}");
        }
        JsonNode data = body.path("data");
        if (type == 4 && data.path("content").asText("").length() > 2000) {
          return error(i, 400, "{\"message\":\"Invalid Form Body\",\"code\":50035,\"errors\":{\"data\":{\"content\":"
              + "{\"_errors\":[{\"code\":\"BASE_TYPE_MAX_LENGTH\",\"message\":\"Must be 2000 or fewer in length.\"}]}}}}");
        }
        if (type == 8 && data.path("choices").size() > 25) {
          return error(i, 400, "{\"message\":\"Invalid Form Body\",\"code\":50035,\"errors\":{\"data\":{\"choices\":"
              + "{\"_errors\":[{\"code\":\"BASE_TYPE_MAX_LENGTH\",\"message\":\"Must be 25 or fewer in length.\"}]}}}}");
        }
        i.initial = body;
        i.answers.add("callback: " + body);
        if (type == 4) {
          i.original = data;
        } else if (type == 5) {
          ObjectNode loading = JSON.createObjectNode().put("flags", data.path("flags").asInt() | 128);
          i.original = null; // "thinking...": nothing shown yet
          i.answers.add("deferred with flags " + loading.get("flags"));
        }
        return new Answer(204, "");
      } finally {
        i.notifyAll();
      }
    }
  }

  private Answer followUp(String method, String[] seg, JsonNode body) {
    String token = seg[3];
    Interaction i = interactions.values().stream().filter(x -> x.token.equals(token)).findFirst().orElse(null);
    if (i == null) {
      return new Answer(404, "{\"message\":\"Unknown Webhook\",\"code\":10015}");
    }
    synchronized (i) {
      try {
        if (i.initial == null) {
          return error(i, 404, "{\"message\":\"Unknown Webhook\",\"code\":10015}");
        }
        if (body.path("content").asText("").length() > 2000) {
          return error(i, 400, "{\"message\":\"Invalid Form Body\",\"code\":50035}");
        }
        boolean editOriginal = method.equals("PATCH") && seg.length == 6 && seg[5].equals("@original");
        boolean followUp = method.equals("POST") && seg.length == 4;
        if (!editOriginal && !followUp) {
          return new Answer(404, "{\"message\":\"404: Not Found\",\"code\":0}");
        }
        i.answers.add((editOriginal ? "PATCH @original: " : "POST follow-up: ") + body);
        ObjectNode shown = (ObjectNode) body.deepCopy();
        if (editOriginal) {
          // the deferred reply keeps the flags it was deferred with (ephemeral stays ephemeral)
          shown.put("flags", i.initial.path("data").path("flags").asInt() | body.path("flags").asInt());
          i.original = shown;
        }
        ObjectNode m = FakeDiscord.message(nextId.incrementAndGet(), FakeDiscord.TEXT,
            FakeDiscord.user(FakeDiscord.BOT, "summary-bot", true), body.path("content").asText(""), java.time.Instant.now());
        m.put("flags", shown.path("flags").asInt()).put("webhook_id", Long.toUnsignedString(FakeDiscord.BOT));
        return new Answer(200, m.toString());
      } finally {
        i.notifyAll();
      }
    }
  }

  private Answer putCommands(String scope, JsonNode body) {
    if (!body.isArray()) {
      return new Answer(400, "{\"message\":\"Invalid Form Body\",\"code\":50035}");
    }
    ArrayNode stored = JSON.createArrayNode();
    List<String> names = new ArrayList<>();
    for (JsonNode c : body) {
      String name = c.path("name").asText();
      if (!name.matches("[-_\\p{Ll}\\p{N}]{1,32}") || names.contains(name)) {
        return new Answer(400, "{\"message\":\"Invalid Form Body\",\"code\":50035}");
      }
      names.add(name);
      ObjectNode s = ((ObjectNode) c.deepCopy()).put("id", Long.toUnsignedString(nextId.incrementAndGet()))
          .put("application_id", Long.toUnsignedString(FakeDiscord.BOT)).put("version", "1");
      if (!scope.equals("global")) {
        s.put("guild_id", scope);
      }
      stored.add(s);
    }
    commands.put(scope, stored);
    commandPuts.merge(scope, 1, Integer::sum);
    return new Answer(200, stored.toString());
  }

  private static Answer error(Interaction i, int status, String body) {
    java.util.regex.Matcher code = java.util.regex.Pattern.compile("\"code\":(\\d+)").matcher(body);
    i.errors.add(status + " " + (code.find() ? code.group(1) : "?"));
    return new Answer(status, body);
  }
}
