/**
 * The one JSON form of a task, of an execution record and of an export document, written once with Jackson and
 * shared by the file store, the SQL store's export and the app: {@link org.summarybot.scheduling.json.TaskJson}
 * (tasks and records, read through {@link org.summarybot.scheduling.json.JsonIn}, whose errors name the field)
 * and {@link org.summarybot.scheduling.json.ExportDocument}. See the module README for the form.
 *
 * <p>The parts, each a short class of its own: {@code TaskJson} (a task, and the public entry to the rest),
 * {@code RecordJson} (an execution record), {@code PartsJson} (destinations, delivery results, a pending run's
 * summary, a usage and a window, also stored alone as one line each), {@code TimeOptionsJson} (a task's time
 * options). The streaming reader for opening large stores is
 * {@link org.summarybot.scheduling.json.TaskStreamReader} (a task), {@code RecordStreamReader} (a record) and
 * {@code StreamValues} (the values both read, and giving up).
 */
package org.summarybot.scheduling.json;
