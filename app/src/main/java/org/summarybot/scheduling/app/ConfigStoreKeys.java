package org.summarybot.scheduling.app;

/**
 * The store keys of the config (docs/CONFIG.md): {@code store}, a {@code file:DIR} or a PostgreSQL or H2 JDBC URL,
 * and {@code store-password-env}, the variable holding the database password (never the password itself).
 */
record ConfigStoreKeys(String store, String passwordEnv) {

  /** The store keys of {@code v}, each missing or refused one at its default in {@code d}. */
  static ConfigStoreKeys read(ConfigValues v, Config d) {
    String store = v.string("store", d.store());
    if (v.has("store")) {
      if (store.startsWith("jdbc:")) {
        if (!store.startsWith("jdbc:postgresql:") && !store.startsWith("jdbc:h2:")) {
          v.bad("store", "the SQL store runs on PostgreSQL (jdbc:postgresql://HOST/DB) or H2 (jdbc:h2:file:PATH), not '"
              + Config.shownStore(store.substring(0, store.indexOf(':', 5) < 0 ? store.length() : store.indexOf(':', 5)))
              + "'");
        }
      } else if (!store.startsWith("file:") || store.length() == "file:".length()) {
        v.bad("store", "'" + Config.shownStore(store) + "' is not a store (use file:DIR, jdbc:postgresql://HOST/DB or"
            + " jdbc:h2:file:PATH)");
      }
    }
    String passwordEnv = v.string("store-password-env", d.storePasswordEnv());
    if (!passwordEnv.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
      v.bad("store-password-env", "'" + passwordEnv + "' is not an environment variable name (the password itself never goes in this file)");
    }
    return new ConfigStoreKeys(store, passwordEnv);
  }
}
