package org.summarybot.scheduling.persistence.jdbi;

/** {@link DatabaseTimeSourceChecks} on PostgreSQL. */
class PostgresDatabaseTimeSourceTest extends DatabaseTimeSourceChecks {
  private static final String URL = EmbeddedPg.newDatabase("dbclock");

  @Override
  String url() {
    return URL;
  }

  @Override
  String user() {
    return "postgres";
  }
}
