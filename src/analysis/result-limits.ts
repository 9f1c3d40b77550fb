/**
 * What one analysis result may hold, as data. The reader's limits (xaml/xaml-limits.ts) bound the
 * model; these bound what the result carries out of the analysis, where every finding is copied
 * to the caller's thread, stored and sent back: without them a 50,000-element file of empty
 * Sequences gave ~100,000 findings (~5 KB each through the API), and a 1 MiB DisplayName was
 * copied into every finding on its activity.
 *
 * @module
 */

export interface ResultLimits {
  /** Findings listed in a result, most severe first; score and summary still count them all. */
  readonly maxFindings: number
  /** Characters of a finding's `activity` (a DisplayName can be up to the reader's attribute limit). */
  readonly maxActivityChars: number
  /** Characters of a finding's `message` (rules may quote a value from the file). */
  readonly maxMessageChars: number
  /** Steps of a data-flow finding's `flow` (the analysis keeps at most 16), each message clipped like a message. */
  readonly maxFlowSteps: number
}

/** Far above real files: across the shared corpus, at most 37 findings, a 96-character activity and a 137-character message. */
export const DEFAULT_RESULT_LIMITS: ResultLimits = Object.freeze({
  maxFindings: 5000,
  maxActivityChars: 200,
  maxMessageChars: 1000,
  maxFlowSteps: 16,
})

/** `text` cut to `maxChars` characters (the last one an ellipsis), never inside a surrogate pair. */
export function clipText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text
  let end = maxChars - 1
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end--
  return `${text.slice(0, end)}…`
}
