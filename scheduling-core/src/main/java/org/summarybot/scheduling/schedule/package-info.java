/**
 * Schedules: when a task fires. Our own implementation (JDK only, no cron library).
 *
 * <h2>Text forms</h2>
 * {@link org.summarybot.scheduling.schedule.Schedules#parse(String)} reads every form (surrounding whitespace
 * ignored, names case-insensitive) into a {@link org.summarybot.scheduling.schedule.Schedule}, which is stored as
 * its {@code toText()}:
 * <ul>
 *   <li>{@code daily 09:00}, {@code weekly MON,FRI 09:00} (ranges such as {@code MON-FRI} too),
 *       {@code monthly 15 09:00} (a day past the month's end clamps to its last day), {@code monthly last 09:00};
 *   <li>{@code once 2026-05-01T09:00} (or {@code T09:00:30}), local to the task's zone;
 *   <li>{@code every 90m}, {@code 6h}, {@code 1d}, {@code 30s}: elapsed time, fires at anchor + k x period,
 *       k >= 1, the anchor being the task's creation instant;
 *   <li>Unix cron, 5 fields ({@code 0 9 * * MON-FRI}; day of week 0-7, 0 and 7 Sunday; when both day fields are
 *       restricted a day matching either fires), and the macros {@code @yearly @annually @monthly @weekly @daily
 *       @midnight @hourly};
 *   <li>Quartz cron, 6 or 7 fields, seconds first ({@code 0 0 9 ? * MON-FRI}; day of week 1-7 = SUN-SAT;
 *       {@code ? L W # LW L-n}; optional year 1970-2099; a {@code *} is accepted where Quartz wants {@code ?}).
 * </ul>
 * Ranges may wrap ({@code FRI-MON}, hours {@code 22-2}). A bad text is a
 * {@link org.summarybot.scheduling.model.ValidationException} on field {@code schedule} whose message names the cron
 * field and the value, such as {@code minute field: 61 is outside 0-59}.
 *
 * <h2>Clock changes</h2>
 * A fixed-time schedule (anything whose hour field does not cover all 24 hours) fires once per local
 * occurrence: a time inside a spring-forward gap fires shifted forward by the gap (02:30 becomes 03:30), a time
 * inside a fall-back overlap fires once, at its first occurrence. A cron whose hour field is {@code *} follows
 * real time: it fires in both copies of a repeated hour and not in a skipped one. {@code every} is pure elapsed
 * time. {@code monthly 31} clamps to shorter months; cron day {@code 31} skips them. So a daily summary is never
 * skipped nor doubled by a clock change.
 *
 * <p>That is the default policy. A task may choose another for fixed-time schedules
 * ({@code Schedule.trigger(zone, anchor, gap, overlap)}): {@code DstGap.SKIP} fires nothing for a gap time,
 * {@code DstOverlap.LAST} fires an overlap time at its second occurrence and {@code BOTH} at each. Asking an
 * {@code every} or an every-hour cron for another policy is a {@code ValidationException} on {@code dstGap} or
 * {@code dstOverlap}.
 *
 * <h2>Using it</h2>
 * <pre>{@code
 * Schedule s = Schedules.parse("0 0 9 ? * MON-FRI");
 * ZoneId zone = Schedules.parseZone("Europe/Berlin");
 * List<Instant> next = Schedules.preview(s, zone, now, 5);   // every-schedules are anchored at now
 * Schedules.requireFutureFire(s, zone, now);                  // refuse a task that can never run
 * Trigger t = new ScheduleTriggerFactory().create("daily 09:00", zone, createdAt);
 * }</pre>
 * Next fires are computed from bit masks built at parse time, jumping field by field (month, day, hour, minute,
 * second) without walking; a calendar rule that matches nothing in 400 years (the Gregorian cycle), such as
 * February 30, never fires.
 */
package org.summarybot.scheduling.schedule;
