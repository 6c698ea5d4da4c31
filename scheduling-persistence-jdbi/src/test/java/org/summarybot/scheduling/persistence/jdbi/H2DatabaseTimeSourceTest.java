package org.summarybot.scheduling.persistence.jdbi;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link DatabaseTimeSourceChecks} on H2 in file mode. */
class H2DatabaseTimeSourceTest extends DatabaseTimeSourceChecks {
  @TempDir
  static Path dir;

  @Override
  String url() {
    return "jdbc:h2:file:" + dir.resolve("dbclock").toAbsolutePath();
  }

  @Override
  String user() {
    return "sa";
  }
}
