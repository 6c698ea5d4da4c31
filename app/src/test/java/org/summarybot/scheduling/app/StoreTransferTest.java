package org.summarybot.scheduling.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.summarybot.scheduling.model.ChannelId;
import org.summarybot.scheduling.model.Destination;
import org.summarybot.scheduling.model.GuildId;
import org.summarybot.scheduling.model.GuildSettings;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.model.TaskId;
import org.summarybot.scheduling.model.ValidationException;
import org.summarybot.scheduling.persistence.file.FileTaskStore;
import org.summarybot.scheduling.persistence.file.ImportReport;
import org.summarybot.scheduling.persistence.jdbi.JdbiTaskStore;
import org.summarybot.scheduling.port.TaskQuery;
import org.summarybot.scheduling.port.TaskStore;

/**
 * {@code tasks export} and {@code tasks import} between a file store and a SQL store (H2 in file mode): tasks and
 * guild settings move whole, and each way export, import into an empty store of the other kind, export again
 * gives the same document.
 */
class StoreTransferTest {
  private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");
  private static final GuildId A = GuildId.of(1100000000000000001L);
  private static final GuildId B = GuildId.of(1100000000000000002L);
  private static final GuildSettings BERLIN = new GuildSettings(A, ZoneId.of("Europe/Berlin"));
  private static final GuildSettings TOKYO = new GuildSettings(B, ZoneId.of("Asia/Tokyo"));

  @TempDir Path dir;

  private FileTaskStore file(String name) {
    return FileTaskStore.builder(dir.resolve(name)).fsync(false).open();
  }

  private JdbiTaskStore sql(String name) {
    return JdbiTaskStore.builder().url("jdbc:h2:file:" + dir.resolve(name).toAbsolutePath()).build();
  }

  private static void fill(TaskStore store) {
    for (GuildId g : List.of(A, B)) {
      store.create(ScheduledTask.builder().id(TaskId.of("t-" + g)).name("digest of " + g).guildId(g)
          .channel(ChannelId.of(2200000000000000001L)).schedule("daily 09:00").zone(ZoneId.of("Europe/Berlin"))
          .destinations(List.of(Destination.console())).createdAt(T).updatedAt(T).nextRun(Optional.of(T)).build());
    }
    store.saveGuildSettings(TOKYO);
    store.saveGuildSettings(BERLIN);
  }

  @Test
  void file_store_to_sql_and_back_to_a_file_store_gives_the_same_document_settings_included() {
    try (FileTaskStore source = file("source"); JdbiTaskStore middle = sql("middle");
        FileTaskStore last = file("last")) {
      fill(source);
      String exported = StoreTransfer.export(source, Optional.empty());

      ImportReport intoSql = StoreTransfer.importDocument(middle, exported, false);
      String fromSql = StoreTransfer.export(middle, Optional.empty());
      StoreTransfer.importDocument(last, fromSql, false);

      assertThat(exported).contains("\"zone\" : \"Asia/Tokyo\"");
      assertThat(intoSql.settings()).containsExactly(BERLIN, TOKYO);
      assertThat(middle.allGuildSettings()).containsExactly(BERLIN, TOKYO);
      assertThat(fromSql).isEqualTo(exported);
      assertThat(StoreTransfer.export(last, Optional.empty())).isEqualTo(exported);
    }
  }

  @Test
  void sql_to_a_file_store_gives_the_same_document_and_one_guilds_export_carries_its_settings_only() {
    try (JdbiTaskStore source = sql("source"); FileTaskStore target = file("target");
        JdbiTaskStore oneGuild = sql("one")) {
      fill(source);
      String exported = StoreTransfer.export(source, Optional.empty());

      StoreTransfer.importDocument(target, exported, false);
      StoreTransfer.importDocument(oneGuild, StoreTransfer.export(source, Optional.of(B)), false);

      assertThat(StoreTransfer.export(target, Optional.empty())).isEqualTo(exported);
      assertThat(oneGuild.allGuildSettings()).containsExactly(TOKYO);
      assertThat(oneGuild.list(TaskQuery.all())).extracting(ScheduledTask::guildId).containsExactly(B);
    }
  }

  @Test
  void an_import_into_sql_with_a_guild_set_otherwise_writes_nothing_and_a_dry_run_writes_nothing() {
    try (FileTaskStore source = file("source"); JdbiTaskStore target = sql("target")) {
      fill(source);
      String exported = StoreTransfer.export(source, Optional.empty());
      GuildSettings paris = new GuildSettings(A, ZoneId.of("Europe/Paris"));
      target.saveGuildSettings(paris);

      assertThatThrownBy(() -> StoreTransfer.importDocument(target, exported, false))
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
              .extracting(p -> p.field() + ": " + p.message()).containsExactly("guilds[0].guild: guild " + A
                  + " already has settings in this store (zone Europe/Paris, the document says Europe/Berlin)"));
      assertThat(target.list(TaskQuery.all())).isEmpty();
      assertThat(target.allGuildSettings()).containsExactly(paris);

      target.removeGuildSettings(A);
      ImportReport dry = StoreTransfer.importDocument(target, exported, true);

      assertThat(dry.created()).hasSize(2);
      assertThat(dry.settings()).containsExactly(BERLIN, TOKYO);
      assertThat(target.list(TaskQuery.all())).isEmpty();
      assertThat(target.allGuildSettings()).isEmpty();
    }
  }
}
