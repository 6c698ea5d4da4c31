package org.summarybot.scheduling.persistence.jdbi;

import java.util.Locale;
import org.summarybot.scheduling.model.ValidationException;

/** What differs between the two supported databases. */
enum Dialect {
  /** Several nodes: one-statement claiming with {@code FOR UPDATE SKIP LOCKED}. */
  POSTGRESQL,
  /** One node (one process claims): claiming serialised in the JVM, rows locked with {@code FOR UPDATE}. */
  H2;

  /**
   * Where this database's migrations are: {@code db/migration}, plain SQL both databases accept (V1-V4), and a
   * folder of this database's own for versions whose SQL differs (V5 on: a file of each version in each folder).
   */
  java.util.List<String> migrations() {
    return java.util.List.of("classpath:db/migration",
        "classpath:db/" + name().toLowerCase(Locale.ROOT));
  }

  private static final String EXPECTED =
      "use jdbc:postgresql://host:port/database or jdbc:h2:file:/path/to/db";

  static Dialect of(String url) {
    String u = url.strip().toLowerCase(Locale.ROOT);
    if (u.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    if (u.startsWith("jdbc:h2:")) {
      return H2;
    }
    throw new ValidationException("url", "'" + redact(url) + "' is not a PostgreSQL or H2 JDBC URL; " + EXPECTED);
  }

  /**
   * The URL to connect with: an H2 file URL ({@code jdbc:h2:file:...}, or a path such as {@code jdbc:h2:./db})
   * gets {@code ;AUTO_SERVER=TRUE} when it does not say AUTO_SERVER itself, so other processes (the CLI) can
   * open the database while a daemon has it open.
   */
  static String effectiveUrl(String url) {
    String u = url.strip();
    String lower = u.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("jdbc:h2:") || lower.contains("auto_server=")) {
      return u;
    }
    String rest = lower.substring("jdbc:h2:".length());
    boolean file = rest.startsWith("file:") || rest.startsWith("~") || rest.startsWith(".") || rest.startsWith("/")
        || rest.matches("^[a-z]:[\\\\/].*");
    return file ? u + ";AUTO_SERVER=TRUE" : u;
  }

  /** A URL safe to print: values of password-like parameters replaced by {@code ***}. */
  static String redact(String url) {
    return url.replaceAll("(?i)([?&;](?:[a-z]*password|pwd|passwd)=)[^;&]*", "$1***")
        .replaceAll("(?i)(//)[^/@:]+:[^/@]*@", "$1***@");
  }
}
