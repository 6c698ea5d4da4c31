package org.summarybot.scheduling.delivery.discord;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import net.dv8tion.jda.api.utils.TimeUtil;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A local fake of Discord for real JDA: the REST API on a JDK {@link HttpServer} and the gateway on a
 * Java-WebSocket server, both on 127.0.0.1. It knows two guilds the bot is a member of: the main one with a
 * handful of channels and threads, and {@link #GUILD_B} with one channel, each with an @everyone role and
 * permission overwrites, so JDA's own permission checks run. As Discord, it serves the REST API only under
 * {@code /api/v10/} and wants {@code v=10&encoding=json} on the gateway, compressing it with
 * {@code zlib-stream} when asked. It records every REST request,
 * serves stored channel history like Discord does ({@code after}, {@code limit} of at most 100, newest first, and
 * whatever message type a test stores, also ones newer than JDA), gives each server to its Discord shard, and answers
 * scripted responses (errors, rate limits, hangs) before its defaults.
 *
 * <p>Public (with the few members the benchmarks module uses) only because this module publishes it in its
 * test-jar for {@code DiscordHarness}; it is test code, not part of the adapter.
 */
public final class FakeDiscord implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  public static final String TOKEN = "fake-bot-token.NOT-A-REAL-ONE.abc123";

  static final long BOT = 900_000_000_000_000_001L;
  public static final long GUILD = 800_000_000_000_000_001L;
  public static final long TEXT = 700_000_000_000_000_001L;
  static final long TEXT_NO_SEND = 700_000_000_000_000_002L;
  static final long TEXT_NO_HISTORY = 700_000_000_000_000_003L;
  static final long FORUM = 700_000_000_000_000_004L;
  static final long CATEGORY = 700_000_000_000_000_005L;
  static final long ADMIN = 700_000_000_000_000_006L;
  public static final long TEXT_B = 700_000_000_000_000_007L;
  static final long TEXT_C = 700_000_000_000_000_008L;
  public static final long TEXT_NO_EMBED = 700_000_000_000_000_009L;
  static final long DM = 600_000_000_000_000_001L;
  /** A second guild the bot is also a member of, with a text channel: a task of {@link #GUILD} must not use it. */
  public static final long GUILD_B = 800_000_000_000_000_002L;
  public static final long OTHER_TEXT = 700_000_000_000_000_201L;
  /** A text channel whose overwrite lets the bot post in its threads, and an open thread in it. */
  static final long THREADS_OK = 700_000_000_000_000_202L;
  static final long OPEN_THREAD = 700_000_000_000_000_203L;
  /** A locked thread in {@link #THREADS_OK}: only members with Manage Threads may post there. */
  static final long LOCKED_THREAD = 700_000_000_000_000_204L;
  /** An active public thread in #digest: JDA learns it from GUILD_CREATE. */
  static final long THREAD = 700_000_000_000_000_010L;
  /** An archived public thread in #digest: not in GUILD_CREATE, served by {@code GET /channels/{id}}. */
  static final long THREAD_ARCHIVED = 700_000_000_000_000_011L;
  /** An archived public thread in #digest that a moderator locked. */
  static final long THREAD_LOCKED = 700_000_000_000_000_012L;
  /** A media channel: posts, like a forum. */
  static final long MEDIA = 700_000_000_000_000_013L;
  /** A forum whose posts need a tag (flag REQUIRE_TAG). */
  static final long FORUM_TAGGED = 700_000_000_000_000_014L;
  /** A text channel @everyone cannot view (moderators included); the bot can. */
  public static final long SECRET = 700_000_000_000_000_016L;

  /**
   * VIEW_CHANNEL, SEND_MESSAGES, EMBED_LINKS, READ_MESSAGE_HISTORY, SEND_MESSAGES_IN_THREADS: what the README
   * tells admins to grant.
   */
  static final long BOT_PERMISSIONS = (1L << 10) | (1L << 11) | (1L << 14) | (1L << 16) | (1L << 38);
  static final long SEND_IN_THREADS = 1L << 38;

  /** One REST request as JDA sent it; {@code path} is after the {@code /api/v10} prefix every request has. */
  public record Request(String method, String path, Map<String, String> query, String body, String authorization) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  /** A scripted answer; {@code hold}, when set, is awaited (bounded) before answering. */
  record Scripted(int status, String body, Map<String, String> headers, CountDownLatch hold) {
    static Scripted error(int status, int code, String message) {
      return new Scripted(status, "{\"message\":\"" + message + "\",\"code\":" + code + "}", Map.of(), null);
    }

    /**
     * A per-route 429 as Discord sends it: {@code retry_after} in the body as seconds with decimals, the
     * {@code Retry-After} header in whole seconds rounded up, and the {@code X-RateLimit-*} headers of an
     * exhausted bucket (see Discord's "Rate Limits" topic).
     */
    static Scripted rateLimited(double retryAfterSeconds) {
      String after = String.format(java.util.Locale.ROOT, "%.3f", retryAfterSeconds);
      double reset = Instant.now().toEpochMilli() / 1000.0 + retryAfterSeconds;
      return new Scripted(429, "{\"message\":\"You are being rate limited.\",\"retry_after\":" + after
          + ",\"global\":false}", Map.of(
              "Retry-After", Long.toString((long) Math.ceil(retryAfterSeconds)),
              "X-RateLimit-Limit", "5",
              "X-RateLimit-Remaining", "0",
              "X-RateLimit-Reset", String.format(java.util.Locale.ROOT, "%.3f", reset),
              "X-RateLimit-Reset-After", after,
              "X-RateLimit-Bucket", "fake-bucket-channel-messages",
              "X-RateLimit-Scope", "user"), null);
    }

    static Scripted hang(CountDownLatch release) {
      return new Scripted(500, "{\"message\":\"released\",\"code\":0}", Map.of(), release);
    }
  }

  private final HttpServer http;
  private final ExecutorService httpThreads = Executors.newFixedThreadPool(4);
  private final Gateway gateway;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Queue<Scripted>> scripted = new ConcurrentHashMap<>();
  private final Map<Long, List<ObjectNode>> history = new ConcurrentHashMap<>();
  private final Map<String, ObjectNode> members = new ConcurrentHashMap<>();
  /** Every thread Discord knows, active or archived, by id; see {@link #answerThreads}. */
  private final Map<Long, ObjectNode> threads = new ConcurrentHashMap<>();
  /** Threads a message unarchived, in order. */
  final List<Long> unarchived = new CopyOnWriteArrayList<>();
  private final AtomicLong nextId = new AtomicLong(TimeUtil.getDiscordTimestamp(Instant.parse("2030-01-01T00:00:00Z").toEpochMilli()));
  final AtomicInteger identifies = new AtomicInteger();
  /** The path and query of every gateway connection, as the client asked for it. */
  public final List<String> gatewayQueries = new CopyOnWriteArrayList<>();
  /** When non-zero, the gateway answers IDENTIFY by closing with this code (4014: disallowed intents). */
  volatile int closeIdentifyWith;
  /** Servers besides {@link #GUILD}, as GUILD_CREATE payloads (see {@link #addShardGuild}). */
  private final List<ObjectNode> moreGuilds = new CopyOnWriteArrayList<>();
  /** Like Discord for a bot in many servers: IDENTIFY with fewer shards than this closes with 4011. */
  volatile int shardsRequired = 1;
  /** The shard ([id, total]) of each IDENTIFY, in order. */
  public final List<String> identifiedShards = new CopyOnWriteArrayList<>();
  private final FakeDiscordInteractions interactions = new FakeDiscordInteractions(this);

  private FakeDiscord() throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    seedThreads();
    http.createContext("/", this::handle);
    http.setExecutor(httpThreads);
    http.start();
    gateway = new Gateway(new InetSocketAddress("127.0.0.1", 0));
    gateway.setReuseAddr(true);
    gateway.start();
  }

  public static FakeDiscord start() throws Exception {
    FakeDiscord f = new FakeDiscord();
    if (!f.gateway.started.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("fake gateway did not start");
    }
    return f;
  }

  /** Discord's REST base URL as this fake serves it: {@code http://127.0.0.1:PORT/api/v10/}. */
  public String restBaseUrl() {
    return "http://127.0.0.1:" + http.getAddress().getPort() + "/api/v10/";
  }

  /** The gateway's address, {@code ws://127.0.0.1:PORT/}; it wants {@code v=10&encoding=json} as Discord does. */
  public String gatewayUrl() {
    return "ws://127.0.0.1:" + gateway.getPort() + "/";
  }

  /** JDA settings that point it here: REST base URL, gateway address, no compression, no shutdown hook. */
  public void pointAtMe(JDABuilder b) {
    String gatewayUrl = gatewayUrl();
    b.setRestConfig(new RestConfig().setBaseUrl(restBaseUrl()))
        .setSessionController(new ConcurrentSessionController() {
          @Override
          public String getGateway() {
            return gatewayUrl;
          }
        })
        .setCompression(Compression.NONE)
        .setEnableShutdownHook(false);
  }

  /** Shard-manager settings that point every shard here, as {@link #pointAtMe} does for one connection. */
  void pointShardsAtMe(net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder b) {
    String gatewayUrl = gatewayUrl();
    ConcurrentSessionController sessions = new ConcurrentSessionController() {
      @Override
      public String getGateway() {
        return gatewayUrl;
      }
    };
    sessions.setConcurrency(16); // a large bot's max_concurrency: shards identify at once, not 5 s apart
    b.setRestConfig(new RestConfig().setBaseUrl(restBaseUrl()))
        .setSessionController(sessions)
        .setCompression(Compression.NONE)
        .setEnableShutdownHook(false);
  }

  /** A real adapter logged in here with the test token, short deadlines, and the admin channel when asked. */
  DiscordAdapter adapter(boolean withAdminChannel) {
    DiscordAdapter.Builder b = DiscordAdapter.builder()
        .environment(name -> name.equals("DISCORD_TOKEN") ? TOKEN : null)
        .requestTimeout(java.time.Duration.ofSeconds(2))
        .readyTimeout(java.time.Duration.ofSeconds(15))
        .jdaSettings(this::pointAtMe);
    if (withAdminChannel) {
      b.adminChannel(org.summarybot.scheduling.model.ChannelId.of(ADMIN));
    }
    return b.build();
  }

  /** Slash commands, autocomplete and their answers (see {@link FakeDiscordInteractions}). */
  public FakeDiscordInteractions interactions() {
    return interactions;
  }

  /** Sends a gateway event to every connected JDA. */
  void dispatchToAll(String type, JsonNode d) {
    gateway.getConnections().forEach(c -> gateway.dispatch(c, type, d));
  }

  /** A channel of either guild (or a thread) as Discord describes it, or null. */
  ObjectNode channelJson(long id) {
    ObjectNode t = threads.get(id);
    if (t != null) {
      return t.deepCopy();
    }
    for (ObjectNode g : List.of(withThreads(guildCreate()), otherGuildCreate())) {
      for (JsonNode c : g.get("channels")) {
        if (c.get("id").asText().equals(Long.toUnsignedString(id))) {
          return ((ObjectNode) c).deepCopy().put("guild_id", g.get("id").asText());
        }
      }
    }
    return null;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The message bodies JDA posted to {@code channel}, oldest first. */
  public List<JsonNode> posted(long channel) {
    List<JsonNode> out = new ArrayList<>();
    for (Request r : requests) {
      if (r.method().equals("POST") && r.path().equals("/channels/" + Long.toUnsignedString(channel) + "/messages")) {
        out.add(r.json());
      }
    }
    return out;
  }

  public List<Request> requestsTo(String method, String path) {
    return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
  }

  public void clear() {
    requests.clear();
    scripted.clear();
  }

  /** The next request {@code method path} (path after {@code /api/v10}) gets {@code answer}. */
  void script(String method, String path, Scripted answer) {
    scripted.computeIfAbsent(method + " " + path, k -> new ConcurrentLinkedQueue<>()).add(answer);
  }

  /** Stores a message in a channel's history (as Discord would return it). */
  public ObjectNode addMessage(long channel, Instant at, long authorId, String authorName, boolean bot, String content) {
    long id = TimeUtil.getDiscordTimestamp(at.toEpochMilli()) + nextId.incrementAndGet() % 4000;
    ObjectNode m = message(id, channel, user(authorId, authorName, bot), content, at);
    history.computeIfAbsent(channel, k -> new CopyOnWriteArrayList<>()).add(m);
    return m;
  }

  /**
   * Adds a server (the bot a member with the same permissions) holding one text channel; connect JDA after
   * this. Its shard is Discord's: {@code (guildId >> 22) % total}.
   */
  void addShardGuild(long guildId, long textChannel, String channelName) {
    ObjectNode g = guildCreate();
    g.put("id", Long.toUnsignedString(guildId)).put("name", "Guild " + guildId);
    ((ObjectNode) g.get("roles").get(0)).put("id", Long.toUnsignedString(guildId));
    ArrayNode channels = g.putArray("channels");
    channels.add(channel(textChannel, 0, channelName, 1, null).put("guild_id", Long.toUnsignedString(guildId)));
    moreGuilds.add(g);
  }

  public void clearHistory(long channel) {
    history.remove(channel);
  }

  /** Tells every connected JDA that the guild became unavailable (GUILD_DELETE with unavailable: true). */
  void guildOutage() {
    ObjectNode d = JSON.createObjectNode().put("id", Long.toUnsignedString(GUILD)).put("unavailable", true);
    gateway.getConnections().forEach(c -> gateway.dispatch(c, "GUILD_DELETE", d));
  }

  @Override
  public void close() throws Exception {
    http.stop(0);
    httpThreads.shutdownNow();
    gateway.stop(2000);
  }

  // ---- REST ----

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      URI uri = ex.getRequestURI();
      String path = uri.getPath().startsWith("/api/v10/") ? uri.getPath().substring("/api/v10".length())
          : "unversioned:" + uri.getPath(); // Discord has no API outside /api/vN; a wrong base URL is a 404
      String body = new String(ex.getRequestBody().readAllBytes(), UTF_8);
      Map<String, String> query = new HashMap<>();
      if (uri.getRawQuery() != null) {
        for (String kv : uri.getRawQuery().split("&")) {
          String[] p = kv.split("=", 2);
          query.put(URLDecoder.decode(p[0], UTF_8), p.length > 1 ? URLDecoder.decode(p[1], UTF_8) : "");
        }
      }
      String method = ex.getRequestMethod();
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      requests.add(new Request(method, path, Map.copyOf(query), body, auth == null ? "" : auth));
      FakeDiscordInteractions.Answer[] interaction = new FakeDiscordInteractions.Answer[1];
      // the interaction token is the credential of callbacks and follow-ups, as at Discord
      if ((path.startsWith("/interactions/") || path.startsWith("/webhooks/") || ("Bot " + TOKEN).equals(auth))
          && interactions.answer(method, path, body, a -> interaction[0] = a)) {
        send(ex, interaction[0].status(), interaction[0].body(), Map.of());
        return;
      }
      if (!("Bot " + TOKEN).equals(auth)) {
        send(ex, 401, "{\"message\":\"401: Unauthorized\",\"code\":0}", Map.of());
        return;
      }
      Queue<Scripted> q = scripted.get(method + " " + path);
      Scripted s = q == null ? null : q.poll();
      if (s != null) {
        if (s.hold() != null) {
          s.hold().await(20, TimeUnit.SECONDS);
        }
        send(ex, s.status(), s.body(), s.headers());
        return;
      }
      answer(ex, method, path, query, body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      send(ex, 500, "{\"message\":\"fake failed: " + e + "\",\"code\":0}", Map.of());
    }
  }

  private void answer(HttpExchange ex, String method, String path, Map<String, String> query, String body) throws IOException {
    if (answerThreads(ex, method, path, query, body)) {
      return;
    }
    String[] seg = path.split("/");
    if (answeredMember(ex, method, seg)) {
      return;
    }
    if (method.equals("GET") && path.equals("/users/@me")) {
      send(ex, 200, user(BOT, "summary-bot", true).toString(), Map.of());
    } else if (method.equals("GET") && path.equals("/gateway/bot")) {
      send(ex, 200, "{\"url\":\"" + gatewayUrl() + "\",\"shards\":1,\"session_start_limit\":{\"total\":1000,"
          + "\"remaining\":1000,\"reset_after\":0,\"max_concurrency\":1}}", Map.of());
    } else if (method.equals("POST") && path.equals("/users/@me/channels")) {
      JsonNode req = JSON.readTree(body);
      ObjectNode dm = JSON.createObjectNode().put("id", Long.toUnsignedString(DM)).put("type", 1)
          .put("last_message_id", (String) null);
      dm.putArray("recipients").add(user(Long.parseUnsignedLong(req.path("recipient_id").asText()), "creator", false));
      send(ex, 200, dm.toString(), Map.of());
    } else if (seg.length == 4 && seg[1].equals("channels") && seg[3].equals("messages")) {
      long channel = Long.parseUnsignedLong(seg[2]);
      if (method.equals("POST")) {
        JsonNode req = JSON.readTree(body);
        long id = nextId.incrementAndGet();
        ObjectNode m = message(id, channel, user(BOT, "summary-bot", true), req.path("content").asText(""), Instant.now());
        if (req.has("embeds")) {
          ArrayNode embeds = m.putArray("embeds");
          req.get("embeds").forEach(e -> embeds.add(((ObjectNode) e.deepCopy()).put("type", "rich")));
        }
        if (req.has("nonce")) {
          m.set("nonce", req.get("nonce"));
        }
        send(ex, 200, m.toString(), Map.of());
      } else {
        long after = Long.parseUnsignedLong(query.getOrDefault("after", "0"));
        int limit = Integer.parseInt(query.getOrDefault("limit", "50"));
        if (limit < 1 || limit > 100) {
          send(ex, 400, "{\"message\":\"Invalid Form Body\",\"code\":50035}", Map.of());
          return;
        }
        List<ObjectNode> page = history.getOrDefault(channel, List.of()).stream()
            .filter(m -> Long.parseUnsignedLong(m.get("id").asText()) > after)
            .sorted(Comparator.comparing(m -> Long.parseUnsignedLong(m.get("id").asText())))
            .limit(limit)
            .sorted(Comparator.comparing((ObjectNode m) -> Long.parseUnsignedLong(m.get("id").asText())).reversed())
            .toList();
        ArrayNode arr = JSON.createArrayNode();
        page.forEach(arr::add);
        send(ex, 200, arr.toString(), Map.of());
      }
    } else {
      send(ex, 404, "{\"message\":\"404: Not Found\",\"code\":0}", Map.of());
    }
  }

  private static void send(HttpExchange ex, int status, String body, Map<String, String> headers) throws IOException {
    byte[] bytes = body.getBytes(UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.getResponseHeaders().set("Via", "1.1 fake-discord"); // without it JDA takes a 429 for Cloudflare's
    headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  // ---- JSON shapes ----

  static ObjectNode user(long id, String name, boolean bot) {
    return JSON.createObjectNode().put("id", Long.toUnsignedString(id)).put("username", name)
        .put("global_name", (String) null).put("discriminator", "0").put("avatar", (String) null).put("bot", bot)
        .put("verified", true).put("mfa_enabled", false).put("flags", 0).put("public_flags", 0);
  }

  static ObjectNode message(long id, long channel, ObjectNode author, String content, Instant at) {
    ObjectNode m = JSON.createObjectNode().put("id", Long.toUnsignedString(id))
        .put("channel_id", Long.toUnsignedString(channel)).put("type", 0).put("content", content)
        .put("timestamp", at.toString()).put("edited_timestamp", (String) null).put("tts", false)
        .put("mention_everyone", false).put("pinned", false).put("flags", 0);
    m.set("author", author);
    m.putArray("mentions");
    m.putArray("mention_roles");
    m.putArray("attachments");
    m.putArray("embeds");
    m.putArray("components");
    return m;
  }

  private static ObjectNode channel(long id, int type, String name, int position, ArrayNode overwrites) {
    ObjectNode c = JSON.createObjectNode().put("id", Long.toUnsignedString(id)).put("type", type).put("name", name)
        .put("position", position).put("guild_id", Long.toUnsignedString(GUILD)).put("nsfw", false)
        .put("rate_limit_per_user", 0).put("topic", (String) null).put("last_message_id", (String) null)
        .put("parent_id", (String) null).put("flags", 0);
    c.set("permission_overwrites", overwrites == null ? JSON.createArrayNode() : overwrites);
    if (type == 15 || type == 16) {
      c.putArray("available_tags");
      c.put("default_sort_order", (String) null).put("default_forum_layout", 0);
    }
    return c;
  }

  private static ArrayNode denyForBot(long deny) {
    ArrayNode a = JSON.createArrayNode();
    a.addObject().put("id", Long.toUnsignedString(BOT)).put("type", 1).put("allow", "0").put("deny", Long.toString(deny));
    return a;
  }

  static ObjectNode guildCreate() {
    ObjectNode g = JSON.createObjectNode().put("id", Long.toUnsignedString(GUILD)).put("name", "Fake Guild")
        .put("owner_id", "1").put("member_count", 1).put("large", false).put("unavailable", false)
        .put("joined_at", "2024-01-01T00:00:00Z").put("premium_tier", 0).put("mfa_level", 0)
        .put("verification_level", 0).put("default_message_notifications", 0).put("explicit_content_filter", 0)
        .put("nsfw_level", 0).put("preferred_locale", "en-US").put("system_channel_flags", 0).put("afk_timeout", 300);
    ObjectNode everyone = g.putArray("roles").addObject().put("id", Long.toUnsignedString(GUILD)).put("name", "@everyone")
        .put("permissions", Long.toString(BOT_PERMISSIONS)).put("position", 0).put("color", 0).put("hoist", false)
        .put("managed", false).put("mentionable", false).put("flags", 0);
    everyone.putObject("colors").put("primary_color", 0).putNull("secondary_color").putNull("tertiary_color");
    addRole(g, FakeDiscordInteractions.ROLE_MODERATORS, "Moderators", FakeDiscordInteractions.MANAGE_SERVER, 2);
    addRole(g, FakeDiscordInteractions.ROLE_HELPERS, "Helpers", 0, 1);
    ArrayNode channels = g.putArray("channels");
    channels.add(channel(TEXT, 0, "digest", 1, null));
    channels.add(channel(TEXT_NO_SEND, 0, "read-only", 2, denyForBot(1L << 11)));
    channels.add(channel(TEXT_NO_HISTORY, 0, "no-history", 3, denyForBot(1L << 16)));
    channels.add(channel(FORUM, 15, "ideas", 4, null));
    channels.add(channel(CATEGORY, 4, "Text Channels", 0, null));
    channels.add(channel(ADMIN, 0, "bot-admin", 5, null));
    channels.add(channel(TEXT_B, 0, "second", 6, null));
    channels.add(channel(TEXT_C, 0, "third", 7, null));
    channels.add(channel(TEXT_NO_EMBED, 0, "no-embeds", 8, denyForBot(1L << 14)));
    channels.add(channel(MEDIA, 16, "clips", 9, null));
    channels.add(channel(FORUM_TAGGED, 15, "tagged", 10, null).put("flags", 1 << 4));
    ArrayNode secret = JSON.createArrayNode();
    secret.addObject().put("id", Long.toUnsignedString(GUILD)).put("type", 0).put("allow", "0").put("deny", "1024");
    secret.addObject().put("id", Long.toUnsignedString(BOT)).put("type", 1).put("allow", "1024").put("deny", "0");
    channels.add(channel(SECRET, 0, "mods-only", 11, secret));
    ObjectNode member = g.putArray("members").addObject();
    member.set("user", user(BOT, "summary-bot", true));
    member.putArray("roles");
    member.put("joined_at", "2024-01-01T00:00:00Z").put("deaf", false).put("mute", false).put("flags", 0)
        .put("nick", (String) null);
    g.putArray("threads");
    g.putArray("guild_scheduled_events");
    g.putArray("emojis");
    g.putArray("stickers");
    g.putArray("voice_states");
    g.putArray("presences");
    g.putArray("features");
    g.putArray("stage_instances");
    g.putArray("soundboard_sounds");
    return g;
  }

  // ---- history as Discord stores it: authors with global names, server members with nicknames ----

  /** A user whose global display name differs from the username, as most users' do. */
  static ObjectNode person(long id, String username, String globalName) {
    return user(id, username, false).put("global_name", globalName);
  }

  /** Stores a message by {@code author} (a {@link #user} or {@link #person}); set {@code type} and more on it. */
  ObjectNode addMessage(long channel, Instant at, ObjectNode author, String content) {
    long id = TimeUtil.getDiscordTimestamp(at.toEpochMilli()) + nextId.incrementAndGet() % 4000;
    ObjectNode m = message(id, channel, author.deepCopy(), content, at);
    history.computeIfAbsent(channel, k -> new CopyOnWriteArrayList<>()).add(m);
    return m;
  }

  /**
   * Makes {@code user} a member of {@code guild}, with a server nickname or none, served by
   * {@code GET /guilds/{guild}/members/{user}}; anyone else is 404 Unknown Member (10007), as a user who left is.
   * History answers, like Discord's, carry no member: this is the only place a nickname shows.
   */
  void addMember(long guild, ObjectNode user, String nick) {
    ObjectNode m = JSON.createObjectNode();
    m.set("user", user.deepCopy());
    m.putArray("roles");
    m.put("nick", nick).putNull("avatar").put("joined_at", "2025-01-01T00:00:00Z").putNull("premium_since")
        .put("deaf", false).put("mute", false).put("flags", 0).put("pending", false);
    members.put(Long.toUnsignedString(guild) + "/" + user.get("id").asText(), m);
  }

  void clearMembers() {
    members.clear();
  }

  private boolean answeredMember(HttpExchange ex, String method, String[] seg) throws IOException {
    if (!method.equals("GET") || seg.length != 5 || !seg[1].equals("guilds") || !seg[3].equals("members")) {
      return false;
    }
    ObjectNode m = members.get(seg[2] + "/" + seg[4]);
    if (m == null) {
      send(ex, 404, "{\"message\":\"Unknown Member\",\"code\":10007}", Map.of());
    } else {
      send(ex, 200, m.toString(), Map.of());
    }
    return true;
  }

  /** The main guild with a channel whose threads the bot may post in, an open thread and a locked one there. */
  static ObjectNode withThreads(ObjectNode g) {
    ArrayNode allow = JSON.createArrayNode();
    allow.addObject().put("id", Long.toUnsignedString(BOT)).put("type", 1).put("allow", Long.toString(SEND_IN_THREADS))
        .put("deny", "0");
    ((ArrayNode) g.get("channels")).add(channel(THREADS_OK, 0, "threads-ok", 9, allow));
    ArrayNode threads = g.putArray("threads");
    threads.add(thread(OPEN_THREAD, THREADS_OK, "weekly", false));
    threads.add(thread(LOCKED_THREAD, THREADS_OK, "locked", true));
    return g;
  }

  static ObjectNode thread(long id, long parent, String name, boolean locked) {
    ObjectNode t = JSON.createObjectNode().put("id", Long.toUnsignedString(id)).put("type", 11)
        .put("guild_id", Long.toUnsignedString(GUILD)).put("parent_id", Long.toUnsignedString(parent))
        .put("owner_id", Long.toUnsignedString(BOT)).put("name", name).put("last_message_id", (String) null)
        .put("rate_limit_per_user", 0).put("message_count", 0).put("member_count", 1).put("total_message_sent", 0)
        .put("flags", 0);
    t.putObject("thread_metadata").put("archived", false).put("auto_archive_duration", 1440)
        .put("archive_timestamp", "2024-01-01T00:00:00Z").put("locked", locked).put("invitable", true)
        .put("create_timestamp", "2024-01-01T00:00:00Z");
    return t;
  }

  static void addRole(ObjectNode guild, long id, String name, long permissions, int position) {
    ObjectNode r = ((ArrayNode) guild.get("roles")).addObject().put("id", Long.toUnsignedString(id)).put("name", name)
        .put("permissions", Long.toString(permissions)).put("position", position).put("color", 0).put("hoist", false)
        .put("managed", false).put("mentionable", false).put("flags", 0);
    r.putObject("colors").put("primary_color", 0).putNull("secondary_color").putNull("tertiary_color");
  }

  /** The second guild: its own @everyone role, a moderators role, the bot's member, one text channel. */
  static ObjectNode otherGuildCreate() {
    ObjectNode g = guildCreate().put("id", Long.toUnsignedString(GUILD_B)).put("name", "Other Guild");
    ((ObjectNode) g.get("roles").get(0)).put("id", Long.toUnsignedString(GUILD_B));
    ArrayNode roles = (ArrayNode) g.get("roles");
    while (roles.size() > 1) {
      roles.remove(1);
    }
    addRole(g, FakeDiscordInteractions.ROLE_MODERATORS_B, "Moderators", FakeDiscordInteractions.MANAGE_SERVER, 1);
    g.putArray("channels").add(channel(OTHER_TEXT, 0, "elsewhere", 1, null).put("guild_id", Long.toUnsignedString(GUILD_B)));
    g.putArray("threads");
    return g;
  }

  // ---- threads, forum and media posts ----
  // Like Discord: GUILD_CREATE lists active threads only; GET /channels/{id} serves any channel; a message to an
  // archived thread unarchives it unless a moderator locked it (then 400, 50083 "Thread is archived"); talking in a
  // thread takes SEND_MESSAGES_IN_THREADS in its parent; a forum or media channel takes posts (POST .../threads with
  // a first message, whose id is the thread's) and no plain messages (400, 50008).

  private void seedThreads() {
    Instant created = Instant.parse("2026-01-05T10:00:00Z");
    threads.put(THREAD, threadJson(THREAD, TEXT, "standup notes", 900_000_000_000_000_002L, false, false, created));
    threads.put(THREAD_ARCHIVED, threadJson(THREAD_ARCHIVED, TEXT, "weekly digest", 900_000_000_000_000_002L, true,
        false, created));
    threads.put(THREAD_LOCKED, threadJson(THREAD_LOCKED, TEXT, "closed topic", 900_000_000_000_000_002L, true, true,
        created));
  }

  static ObjectNode threadJson(long id, long parent, String name, long owner, boolean archived, boolean locked,
      Instant at) {
    ObjectNode t = JSON.createObjectNode().put("id", Long.toUnsignedString(id)).put("type", 11).put("name", name)
        .put("guild_id", Long.toUnsignedString(GUILD)).put("parent_id", Long.toUnsignedString(parent))
        .put("owner_id", Long.toUnsignedString(owner)).put("last_message_id", (String) null).put("message_count", 0)
        .put("member_count", 1).put("total_message_sent", 0).put("rate_limit_per_user", 0).put("flags", 0);
    t.putObject("thread_metadata").put("archived", archived).put("locked", locked).put("auto_archive_duration", 4320)
        .put("archive_timestamp", at.toString()).put("create_timestamp", at.toString());
    return t;
  }

  /** A copy of a thread as Discord holds it now. */
  ObjectNode thread(long id) {
    return threads.get(id).deepCopy();
  }

  /** The threads posts created in a forum or media channel, oldest first. */
  List<ObjectNode> posts(long forum) {
    return threads.values().stream().filter(t -> t.path("parent_id").asText().equals(Long.toUnsignedString(forum)))
        .sorted(Comparator.comparing((ObjectNode t) -> Long.parseUnsignedLong(t.get("id").asText())))
        .map(ObjectNode::deepCopy).toList();
  }

  /**
   * Archives a thread, as Discord does after a while without messages, and tells every connected JDA
   * (THREAD_UPDATE), which drops the thread from its cache.
   */
  void archive(long id) {
    ObjectNode meta = (ObjectNode) threads.get(id).get("thread_metadata");
    meta.put("archived", true).put("archive_timestamp", Instant.now().toString());
    gateway.getConnections().forEach(c -> gateway.dispatch(c, "THREAD_UPDATE", threads.get(id).deepCopy()));
  }

  private ObjectNode withActiveThreads(ObjectNode guild) {
    ArrayNode list = (ArrayNode) guild.get("threads");
    threads.values().stream().filter(t -> !t.path("thread_metadata").path("archived").asBoolean())
        .forEach(t -> list.add(t.deepCopy()));
    return guild;
  }

  private static ObjectNode guildChannel(long id) {
    for (JsonNode c : guildCreate().get("channels")) {
      if (c.get("id").asText().equals(Long.toUnsignedString(id))) {
        return (ObjectNode) c;
      }
    }
    return null;
  }

  /** The bot's permissions in a guild channel: @everyone's, then the channel's overwrites for the bot. */
  private static long botPermissions(ObjectNode channel) {
    long p = BOT_PERMISSIONS;
    for (JsonNode o : channel.path("permission_overwrites")) {
      if (o.path("id").asText().equals(Long.toUnsignedString(BOT))) {
        p = (p & ~Long.parseLong(o.path("deny").asText("0"))) | Long.parseLong(o.path("allow").asText("0"));
      }
    }
    return p;
  }

  private boolean answerThreads(HttpExchange ex, String method, String path, Map<String, String> query, String body)
      throws IOException {
    String[] seg = path.split("/");
    if (seg.length < 3 || !seg[2].matches("[0-9]+")) {
      return false;
    }
    long id = Long.parseUnsignedLong(seg[2]);
    if (seg[1].equals("guilds") && seg.length == 5 && method.equals("GET") && path.endsWith("/threads/active")) {
      ObjectNode out = JSON.createObjectNode();
      ArrayNode list = out.putArray("threads");
      threads.values().stream().filter(t -> !t.path("thread_metadata").path("archived").asBoolean())
          .forEach(t -> list.add(t.deepCopy()));
      out.putArray("members");
      send(ex, 200, out.toString(), Map.of());
      return true;
    }
    if (!seg[1].equals("channels")) {
      return false;
    }
    ObjectNode thread = threads.get(id);
    ObjectNode channel = thread != null ? thread : guildChannel(id);
    if (seg.length == 3 && method.equals("GET")) {
      if (channel == null) {
        if (id == DM) {
          return false;
        }
        send(ex, 404, "{\"message\":\"Unknown Channel\",\"code\":10003}", Map.of());
      } else {
        send(ex, 200, channel.toString(), Map.of());
      }
      return true;
    }
    if (channel == null) {
      return false;
    }
    int type = channel.path("type").asInt();
    boolean postContainer = type == 15 || type == 16;
    if (seg.length == 4 && seg[3].equals("messages") && method.equals("POST")) {
      if (postContainer || type == 4) {
        send(ex, 400, "{\"message\":\"Cannot send messages in a non-text channel\",\"code\":50008}", Map.of());
        return true;
      }
      if (thread == null) {
        return false;
      }
      ObjectNode meta = (ObjectNode) thread.get("thread_metadata");
      if ((botPermissions(guildChannel(thread.path("parent_id").asLong())) & SEND_IN_THREADS) == 0) {
        send(ex, 403, "{\"message\":\"Missing Permissions\",\"code\":50013}", Map.of());
        return true;
      }
      if (meta.path("locked").asBoolean()) { // the bot has no MANAGE_THREADS
        send(ex, meta.path("archived").asBoolean() ? 400 : 403, meta.path("archived").asBoolean()
            ? "{\"message\":\"Thread is archived\",\"code\":50083}"
            : "{\"message\":\"Thread is locked\",\"code\":160005}", Map.of());
        return true;
      }
      if (meta.path("archived").asBoolean()) {
        meta.put("archived", false).put("archive_timestamp", Instant.now().toString());
        unarchived.add(id);
      }
      return false; // the default answer posts the message
    }
    if (seg.length == 5 && seg[3].equals("messages") && method.equals("GET")) {
      String messageId = seg[4];
      ObjectNode m = history.getOrDefault(id, List.of()).stream()
          .filter(h -> h.get("id").asText().equals(messageId)).findFirst().orElse(null);
      if (m == null) {
        send(ex, 404, "{\"message\":\"Unknown Message\",\"code\":10008}", Map.of());
      } else {
        send(ex, 200, m.toString(), Map.of());
      }
      return true;
    }
    if (seg.length == 6 && path.endsWith("/threads/archived/public") && method.equals("GET")) {
      Instant before = query.containsKey("before") ? java.time.OffsetDateTime.parse(query.get("before")).toInstant()
          : Instant.MAX;
      int limit = Integer.parseInt(query.getOrDefault("limit", "50"));
      List<ObjectNode> archived = threads.values().stream()
          .filter(t -> t.path("parent_id").asText().equals(Long.toUnsignedString(id)))
          .filter(t -> t.path("thread_metadata").path("archived").asBoolean())
          .filter(t -> Instant.parse(t.path("thread_metadata").path("archive_timestamp").asText()).isBefore(before))
          .sorted(Comparator.comparing((ObjectNode t) -> t.path("thread_metadata").path("archive_timestamp").asText())
              .reversed())
          .toList();
      ObjectNode out = JSON.createObjectNode();
      ArrayNode list = out.putArray("threads");
      archived.stream().limit(limit).forEach(t -> list.add(t.deepCopy()));
      out.putArray("members");
      out.put("has_more", archived.size() > limit);
      send(ex, 200, out.toString(), Map.of());
      return true;
    }
    if (seg.length == 4 && seg[3].equals("threads") && method.equals("POST") && postContainer) {
      createPost(ex, id, channel, JSON.readTree(body));
      return true;
    }
    return false;
  }

  /** {@code POST /channels/{forum}/threads}: a post, that is a public thread with its first message. */
  private void createPost(HttpExchange ex, long forum, ObjectNode channel, JsonNode req) throws IOException {
    if ((botPermissions(channel) & (1L << 11)) == 0) {
      send(ex, 403, "{\"message\":\"Missing Permissions\",\"code\":50013}", Map.of());
      return;
    }
    String name = req.path("name").asText("");
    if (name.isEmpty() || name.codePointCount(0, name.length()) > 100) {
      send(ex, 400, "{\"message\":\"Invalid Form Body\",\"code\":50035,\"errors\":{\"name\":{\"_errors\":[{\"code\":"
          + "\"BASE_TYPE_BAD_LENGTH\",\"message\":\"Must be between 1 and 100 in length.\"}]}}}", Map.of());
      return;
    }
    if ((channel.path("flags").asInt() & (1 << 4)) != 0 && req.path("applied_tags").isEmpty()) {
      send(ex, 400, "{\"message\":\"A tag is required to create a forum post in this channel\",\"code\":40067}",
          Map.of());
      return;
    }
    JsonNode first = req.path("message");
    if (first.path("content").asText("").isEmpty() && first.path("embeds").isEmpty()) {
      send(ex, 400, "{\"message\":\"Cannot send an empty message\",\"code\":50006}", Map.of());
      return;
    }
    if (req.has("nonce") || first.has("nonce")) {
      send(ex, 400, "{\"message\":\"Invalid Form Body\",\"code\":50035}", Map.of()); // posts take no nonce
      return;
    }
    long id = nextId.incrementAndGet();
    Instant now = Instant.now();
    ObjectNode thread = threadJson(id, forum, name, BOT, false, false, now).put("message_count", 1)
        .put("last_message_id", Long.toUnsignedString(id));
    thread.putObject("member").put("id", Long.toUnsignedString(id)).put("user_id", Long.toUnsignedString(BOT))
        .put("join_timestamp", now.toString()).put("flags", 1);
    ObjectNode m = message(id, id, user(BOT, "summary-bot", true), first.path("content").asText(""), now);
    if (first.has("embeds")) {
      ArrayNode embeds = m.putArray("embeds");
      first.get("embeds").forEach(e -> embeds.add(((ObjectNode) e.deepCopy()).put("type", "rich")));
    }
    history.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(m);
    threads.put(id, thread);
    ObjectNode answer = thread.deepCopy();
    answer.set("message", m);
    send(ex, 201, answer.toString(), Map.of());
  }

  // ---- gateway ----

  private final class Gateway extends WebSocketServer {
    final CountDownLatch started = new CountDownLatch(1);
    private final AtomicInteger seq = new AtomicInteger();

    Gateway(InetSocketAddress address) {
      super(address);
    }

    @Override
    public void onStart() {
      started.countDown();
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
      Map<String, String> q = new HashMap<>();
      String descriptor = handshake.getResourceDescriptor();
      int mark = descriptor.indexOf('?');
      for (String kv : mark < 0 ? new String[0] : descriptor.substring(mark + 1).split("&")) {
        String[] p = kv.split("=", 2);
        q.put(p[0], p.length > 1 ? p[1] : "");
      }
      gatewayQueries.add(descriptor);
      if (!"10".equals(q.get("v"))) {
        conn.close(4012, "Invalid API version");
        return;
      }
      if (!"json".equals(q.get("encoding"))) {
        conn.close(4002, "Error while decoding payload.");
        return;
      }
      if (q.containsKey("compress")) {
        if (!"zlib-stream".equals(q.get("compress"))) {
          conn.close(4002, "Error while decoding payload.");
          return;
        }
        conn.setAttachment(new java.util.zip.Deflater());
      }
      send(conn, "{\"op\":10,\"d\":{\"heartbeat_interval\":41250},\"s\":null,\"t\":null}");
    }

    /** Sends one payload: as text, or with {@code compress=zlib-stream} as one flushed piece of a zlib stream. */
    void send(WebSocket conn, String payload) {
      java.util.zip.Deflater zlib = conn.getAttachment();
      if (zlib == null) {
        conn.send(payload);
        return;
      }
      synchronized (zlib) {
        zlib.setInput(payload.getBytes(UTF_8));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        do {
          n = zlib.deflate(buf, 0, buf.length, java.util.zip.Deflater.SYNC_FLUSH);
          out.write(buf, 0, n);
        } while (n == buf.length);
        conn.send(out.toByteArray());
      }
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
      JsonNode frame;
      try {
        frame = JSON.readTree(message);
      } catch (IOException e) {
        conn.close(4002, "decode error");
        return;
      }
      switch (frame.path("op").asInt()) {
        case 1 -> send(conn, "{\"op\":11,\"d\":null,\"s\":null,\"t\":null}");
        case 2 -> {
          identifies.incrementAndGet();
          if (closeIdentifyWith != 0) {
            conn.close(closeIdentifyWith, "Disallowed intent(s).");
            return;
          }
          if (!TOKEN.equals(frame.path("d").path("token").asText())) {
            conn.close(4004, "Authentication failed.");
            return;
          }
          JsonNode shard = frame.path("d").path("shard");
          int shardId = shard.isArray() ? shard.get(0).asInt() : 0;
          int shardTotal = shard.isArray() ? shard.get(1).asInt() : 1;
          identifiedShards.add("[" + shardId + ", " + shardTotal + "]");
          if (shardId < 0 || shardId >= shardTotal) {
            conn.close(4010, "Invalid shard.");
            return;
          }
          if (shardTotal < shardsRequired) {
            conn.close(4011, "Sharding required.");
            return;
          }
          List<ObjectNode> guilds = new ArrayList<>();
          guilds.add(withActiveThreads(withThreads(guildCreate())));
          guilds.add(otherGuildCreate());
          guilds.addAll(moreGuilds);
          guilds.removeIf(g -> (Long.parseUnsignedLong(g.get("id").asText()) >>> 22) % shardTotal != shardId);
          ObjectNode ready = JSON.createObjectNode().put("v", 10).put("session_id", "fake-session-" + shardId)
              .put("resume_gateway_url", gatewayUrl());
          ready.set("user", user(BOT, "summary-bot", true));
          ArrayNode unavailable = ready.putArray("guilds");
          guilds.forEach(g -> unavailable.addObject().put("id", g.get("id").asText()).put("unavailable", true));
          ready.putArray("private_channels");
          ready.putObject("application").put("id", Long.toUnsignedString(BOT)).put("flags", 0);
          if (shard.isArray()) {
            ready.putArray("shard").add(shardId).add(shardTotal);
          }
          dispatch(conn, "READY", ready);
          guilds.forEach(g -> dispatch(conn, "GUILD_CREATE", g));
        }
        default -> { } // presence updates and the like
      }
    }

    void dispatch(WebSocket conn, String type, JsonNode d) {
      ObjectNode f = JSON.createObjectNode().put("op", 0).put("s", seq.incrementAndGet()).put("t", type);
      f.set("d", d);
      send(conn, f.toString());
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

    @Override
    public void onError(WebSocket conn, Exception ex) {}
  }

}
