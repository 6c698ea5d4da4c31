package org.summarybot.scheduling.persistence.jdbi;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link GroupCommitChecks} on H2 in file mode. */
class H2GroupCommitTest extends GroupCommitChecks {
  @TempDir
  static Path dir;

  @Override
  String url() {
    return "jdbc:h2:file:" + dir.resolve("groupcommit").toAbsolutePath();
  }

  @Override
  String user() {
    return "sa";
  }
}
