/**
 * A summarizer written by a language model, over OpenAI-compatible chat completions or Ollama's native API: the
 * messages go as delimited data after a system prompt, long windows are split to the context and combined, links
 * and participants come from the messages, each summary carries its tokens and estimated cost, and a daily budget
 * kept in the task store is never exceeded.
 *
 * <p>{@link org.summarybot.scheduling.summarizer.llm.LlmSummarizer} is the only public type; everything else is
 * package-private. See the module README for the requests, the planning, the budget and the error classes.
 */
package org.summarybot.scheduling.summarizer.llm;
