/**
 * One analysis as plain data, so it can run here or on a worker thread (analysis-pool.ts) and
 * give the same result: the file, the pack, and the waivers (approved risk exceptions) that may
 * cover its findings. `runAnalysisRequest` is the one place that turns such a request into
 * `analyzeWorkflow` input, whichever thread it runs on.
 */
import { type AnalysisResult, analyzeWorkflow, type Finding } from './analyze.js'

/** An approved, unexpired risk exception as the analyzer needs it. */
export interface WaiverRef {
  readonly id: string
  readonly ruleId: string
  /** `<fileName>:<line>`, or null for every finding of the rule in the file. */
  readonly location: string | null
}

export interface AnalysisRequest {
  readonly content: Uint8Array
  readonly fileName: string
  /** Path relative to the project root, for rules' `appliesTo`; defaults to `fileName`. */
  readonly relativePath?: string
  readonly packSlug: string
  readonly waivers: readonly WaiverRef[]
  /** Base URL of the rule pages findings link to (rule-docs.ts); default: the analyzer's. */
  readonly docsBaseUrl?: string
}

/** The waiver matching a finding: same rule, and same location when the exception names one. */
export function waiverMatcher(waivers: readonly WaiverRef[]): (finding: Finding) => string | null {
  return (finding) =>
    waivers.find(
      (waiver) =>
        waiver.ruleId === finding.ruleId &&
        (waiver.location === null || waiver.location === finding.location),
    )?.id ?? null
}

/** Analyses the request (throws what `analyzeWorkflow` throws). */
export function runAnalysisRequest(request: AnalysisRequest): AnalysisResult {
  return analyzeWorkflow({
    content: request.content,
    fileName: request.fileName,
    ...(request.relativePath !== undefined ? { relativePath: request.relativePath } : {}),
    packSlug: request.packSlug,
    isWaived: waiverMatcher(request.waivers),
    ...(request.docsBaseUrl !== undefined ? { docsBaseUrl: request.docsBaseUrl } : {}),
  })
}
