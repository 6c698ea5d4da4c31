package org.summarybot.scheduling.model;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * When a task's schedule may fire, beyond the schedule itself: bounds, a run limit, days off, a stable delay and
 * the policy for clock changes. Every field is optional; {@link #DEFAULTS} changes nothing.
 *
 * <p>The schedule with the DST policy, cut to {@code [starts, ends]}, gives the task's <em>nominal</em> fires.
 * Execution ids, message windows, bounds, skip dates and the run limit all use nominal fires. Jitter only moves
 * when a fire runs: {@code runAt = nominal + }{@link #jitterOffset(TaskId)}, and lateness is measured from that.
 *
 * @param starts no fire before this instant (a fire exactly at it counts); an {@code every} schedule is anchored here
 * @param ends no fire after this instant (a fire exactly at it counts); after it the task completes
 * @param maxRuns the task completes after this many executions that ran ({@link ExecutionOutcome#ran()})
 * @param skipDates days, in the task's zone, whose fires do not run and are recorded {@code SKIPPED_DATE}
 * @param jitter every fire runs this task's {@link #jitterOffset offset} in {@code [0, jitter)} after its nominal time
 * @param dstGap what a fixed wall-clock time inside a spring-forward gap does
 * @param dstOverlap which occurrences of a fixed wall-clock time inside a fall-back overlap fire
 */
public record TimeOptions(
    Optional<Instant> starts,
    Optional<Instant> ends,
    Optional<Integer> maxRuns,
    List<SkipDate> skipDates,
    Duration jitter,
    DstGap dstGap,
    DstOverlap dstOverlap) {

  /** Longest jitter: a fire is never moved by a day or more. */
  public static final Duration MAX_JITTER = Duration.ofDays(1);
  /** Most skip dates one task lists. */
  public static final int MAX_SKIP_DATES = 1000;

  /** No bounds, no limit, no skip dates, no jitter, today's DST behaviour. */
  public static final TimeOptions DEFAULTS = new TimeOptions(Optional.empty(), Optional.empty(), Optional.empty(),
      List.of(), Duration.ZERO, DstGap.SHIFT, DstOverlap.FIRST);

  public TimeOptions {
    requireNonNull(starts, "starts");
    requireNonNull(ends, "ends");
    requireNonNull(maxRuns, "maxRuns");
    requireNonNull(jitter, "jitter");
    requireNonNull(dstGap, "dstGap");
    requireNonNull(dstOverlap, "dstOverlap");
    skipDates = List.copyOf(skipDates);
    Problems p = new Problems();
    if (starts.isPresent() && ends.isPresent()) {
      p.check(!ends.get().isBefore(starts.get()), "ends", ends.get() + " is before starts " + starts.get());
    }
    maxRuns.ifPresent(n -> p.check(n >= 1, "maxRuns", n + " must be at least 1"));
    p.check(!jitter.isNegative(), "jitter", "is negative");
    p.check(jitter.compareTo(MAX_JITTER) < 0, "jitter", jitter + " must be shorter than " + MAX_JITTER.toDays() + "d");
    p.check(skipDates.size() <= MAX_SKIP_DATES, "skipDates", "more than " + MAX_SKIP_DATES + " dates");
    if (skipDates.size() > 1) {
      p.check(new HashSet<>(skipDates).size() == skipDates.size(), "skipDates", "a date is listed twice");
    }
    p.throwIfAny();
  }

  public TimeOptions withStarts(Optional<Instant> v) {
    return new TimeOptions(v, ends, maxRuns, skipDates, jitter, dstGap, dstOverlap);
  }

  public TimeOptions withEnds(Optional<Instant> v) {
    return new TimeOptions(starts, v, maxRuns, skipDates, jitter, dstGap, dstOverlap);
  }

  public TimeOptions withMaxRuns(Optional<Integer> v) {
    return new TimeOptions(starts, ends, v, skipDates, jitter, dstGap, dstOverlap);
  }

  public TimeOptions withSkipDates(List<SkipDate> v) {
    return new TimeOptions(starts, ends, maxRuns, v, jitter, dstGap, dstOverlap);
  }

  public TimeOptions withJitter(Duration v) {
    return new TimeOptions(starts, ends, maxRuns, skipDates, v, dstGap, dstOverlap);
  }

  public TimeOptions withDstGap(DstGap v) {
    return new TimeOptions(starts, ends, maxRuns, skipDates, jitter, v, dstOverlap);
  }

  public TimeOptions withDstOverlap(DstOverlap v) {
    return new TimeOptions(starts, ends, maxRuns, skipDates, jitter, dstGap, v);
  }

  /** Whether the DST policy is other than today's default ({@code shift}, {@code first}). */
  public boolean hasDstPolicy() {
    return dstGap != DstGap.SHIFT || dstOverlap != DstOverlap.FIRST;
  }

  /** Whether a nominal fire at {@code fire} falls on a skip date in {@code zone}. */
  public boolean skips(Instant fire, ZoneId zone) {
    if (skipDates.isEmpty()) {
      return false;
    }
    java.time.LocalDate date = java.time.LocalDate.ofInstant(fire, zone);
    for (int i = 0; i < skipDates.size(); i++) {
      if (skipDates.get(i).matches(date)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code ran} executions that ran reach the run limit. */
  public boolean reachedMaxRuns(long ran) {
    return maxRuns.isPresent() && ran >= maxRuns.get();
  }

  /**
   * The delay of every fire of task {@code id}: zero without jitter, else a whole number of milliseconds in
   * {@code [0, jitter)}. The function is fixed, so every node and every restart agrees: the first eight bytes of
   * the SHA-256 of the task id's text (UTF-8), read as an unsigned big-endian number, modulo the jitter in
   * milliseconds.
   */
  public Duration jitterOffset(TaskId id) {
    return jitterOffset(id, jitter);
  }

  /** {@link #jitterOffset(TaskId)} for a given jitter (the CLI's preview uses it without a task). */
  public static Duration jitterOffset(TaskId id, Duration jitter) {
    long range = jitter.toMillis();
    if (range <= 0) {
      return Duration.ZERO;
    }
    byte[] hash;
    try {
      hash = MessageDigest.getInstance("SHA-256").digest(id.value().getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    long bits = 0;
    for (int i = 0; i < 8; i++) {
      bits = bits << 8 | (hash[i] & 0xff);
    }
    return Duration.ofMillis(Long.remainderUnsigned(bits, range));
  }

  /**
   * Reads a comma-separated list of skip dates ({@code 2026-12-25,01-01}); blank means none.
   *
   * @throws ValidationException on field {@code skipDates} naming every entry that is not a date
   */
  public static List<SkipDate> parseSkipDates(String list) {
    if (list == null || list.isBlank()) {
      return List.of();
    }
    List<SkipDate> out = new ArrayList<>();
    Problems p = new Problems();
    for (String part : list.split(",", -1)) {
      try {
        out.add(SkipDate.parse(part));
      } catch (ValidationException e) {
        e.problems().forEach(x -> p.add(x.field(), x.message()));
      }
    }
    p.throwIfAny();
    return List.copyOf(out);
  }

  /** The skip dates as the comma-separated text {@link #parseSkipDates} reads. */
  public String skipDatesText() {
    return String.join(",", skipDates.stream().map(SkipDate::toText).toList());
  }
}
