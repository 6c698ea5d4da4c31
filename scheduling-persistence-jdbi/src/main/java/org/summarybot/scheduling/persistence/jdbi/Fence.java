package org.summarybot.scheduling.persistence.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.summarybot.scheduling.model.ScheduledTask;
import org.summarybot.scheduling.port.Claim;

/**
 * Fencing tokens: how a lease is matched to its claim. Every claim sets the row's {@code lease_token} to the next
 * value of the sequence {@code lease_tokens} (V6) and hands it out as {@link Claim#fencingToken()}; extending,
 * releasing and completing match the lease by it, never by the node alone, so a stale claim (its lease expired
 * and the task was claimed again, by any node, this one too after a database outage) never matches and changes
 * nothing. The check is written twice, once in SQL ({@link #HELD}) and once for a row already read under its lock
 * ({@link Locked#heldBy}); both say the same.
 */
final class Fence {
  private Fence() {}

  /**
   * The row's lease is the claim's: held (a holder set; release and completion clear it) and carrying the claim's
   * fencing token ({@code :token}).
   */
  static final String HELD = "lease_owner IS NOT NULL AND lease_token = :token";

  /** A task row read under its row lock, with its lease: the holder (null when none) and its fencing token. */
  record Locked(ScheduledTask task, String leaseOwner, long leaseToken) {
    static Locked read(ResultSet rs) throws SQLException {
      return new Locked(TaskRows.read(rs), rs.getString("lease_owner"), rs.getLong("lease_token"));
    }

    /** Whether {@code claim} holds this row's lease (as {@link #HELD} says it in SQL). */
    boolean heldBy(Claim claim) {
      return leaseOwner != null && leaseToken == claim.fencingToken();
    }
  }
}
