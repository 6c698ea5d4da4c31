package org.summarybot.scheduling.persistence.jdbi;

/** {@link GroupCommitChecks} on PostgreSQL. */
class PostgresGroupCommitTest extends GroupCommitChecks {
  private static final String URL = EmbeddedPg.newDatabase("groupcommit");

  @Override
  String url() {
    return URL;
  }

  @Override
  String user() {
    return "postgres";
  }
}
