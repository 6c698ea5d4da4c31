/**
 * The one JSON form of a task, of an execution record and of an export document, written once with Jackson and
 * shared by the file store, the SQL store's export and the app: {@link org.summarybot.scheduling.json.TaskJson}
 * (tasks and records, read through {@link org.summarybot.scheduling.json.JsonIn}, whose errors name the field)
 * and {@link org.summarybot.scheduling.json.ExportDocument}. See the module README for the form.
 */
package org.summarybot.scheduling.json;
