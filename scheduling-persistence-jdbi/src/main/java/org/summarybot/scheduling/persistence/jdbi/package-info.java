/**
 * A SQL {@code TaskStore} on PostgreSQL and H2 (JDBI, Flyway, HikariCP), safe for several scheduler nodes sharing one database. Filled by the SQL-persistence issue.
 */
package org.summarybot.scheduling.persistence.jdbi;
