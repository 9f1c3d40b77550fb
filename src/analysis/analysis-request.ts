/**
 * One analysis as plain data, so it can run here or on a worker thread (analysis-pool.ts) and
 * give the same result: the file, the pack, and the waivers (approved risk exceptions) that may
 * cover its findings. `runAnalysisRequest` is the one place that turns such a request into
 * `analyzeWorkflow` input, whichever thread it runs on.
 */
import type { Platform } from '../domain/platforms.js'
import { type AnalysisResult, analyzeWorkflow, type Finding, resolvePolicyPack } from './analyze.js'
import { analyzeProject, type ProjectAnalysisResult } from './analyze-project.js'
import { analyzeSubmission } from './platform-analyzer.js'
import { platformAnalyzer } from './platform-analyzers.js'

/** An approved, unexpired risk exception as the analyzer needs it. */
export interface WaiverRef {
  readonly id: string
  readonly ruleId: string
  /** `<fileName>:<line>`, or null for every finding of the rule in the file. */
  readonly location: string | null
  /** When set, the waiver covers the finding with this fingerprint, wherever it is (location ignored). */
  readonly fingerprint?: string | null
}

/** One workflow file. */
export interface FileAnalysisRequest {
  readonly kind?: 'file'
  readonly content: Uint8Array
  readonly fileName: string
  /** Path relative to the project root, for rules' `appliesTo`; defaults to `fileName`. */
  readonly relativePath?: string
  readonly packSlug: string
  readonly waivers: readonly WaiverRef[]
  /** Base URL of the rule pages findings link to (rule-docs.ts); default: the analyzer's. */
  readonly docsBaseUrl?: string
}

/** A whole project (read from an archive or a folder by src/input/). */
export interface ProjectAnalysisRequest {
  readonly kind: 'project'
  /** The submission's name (the archive's): the result's fileName, the waivers' fileName. */
  readonly submissionName: string
  readonly projectJson: Uint8Array | null
  readonly files: ReadonlyArray<{ readonly path: string; readonly content: Uint8Array }>
  readonly skipped: ReadonlyArray<{ readonly path: string; readonly reason: string }>
  readonly packSlug: string
  readonly waivers: readonly WaiverRef[]
  /** Where rule pages are served; default the analyzer's. */
  readonly docsBaseUrl?: string
}

/**
 * A submission of a platform other than UiPath (a Blue Prism release, a Power Automate solution…):
 * its files as the input layer read them, analysed by the platform's analyzer
 * (platform-analyzers.ts) into a project-shaped result.
 */
export interface SubmissionAnalysisRequest {
  readonly kind: 'submission'
  readonly platform: Exclude<Platform, 'uipath'>
  readonly submissionName: string
  readonly files: ReadonlyArray<{ readonly path: string; readonly content: Uint8Array }>
  readonly skipped: ReadonlyArray<{ readonly path: string; readonly reason: string }>
  readonly packSlug: string
  readonly waivers: readonly WaiverRef[]
  readonly docsBaseUrl?: string
}

export type AnalysisRequest = FileAnalysisRequest | ProjectAnalysisRequest | SubmissionAnalysisRequest

/** What a request gives back: a project request gives the project result. */
export type AnalysisOutcome = AnalysisResult | ProjectAnalysisResult

/**
 * The waiver matching a finding: same rule, and then the same fingerprint when the exception
 * names one (it survives line moves and ends when the offending content changes), else the same
 * location when it names one, else any finding of the rule in the submission.
 */
export function waiverMatcher(waivers: readonly WaiverRef[]): (finding: Finding) => string | null {
  return (finding) =>
    waivers.find((waiver) => {
      if (waiver.ruleId !== finding.ruleId) return false
      if (waiver.fingerprint !== undefined && waiver.fingerprint !== null)
        return waiver.fingerprint === finding.fingerprint
      return waiver.location === null || waiver.location === finding.location
    })?.id ?? null
}

/** Analyses the request (throws what `analyzeWorkflow` throws). */
export function runAnalysisRequest(request: AnalysisRequest): AnalysisOutcome {
  if (request.kind === 'submission') {
    return analyzeSubmission(
      platformAnalyzer(request.platform),
      { submissionName: request.submissionName, files: request.files, skipped: request.skipped },
      {
        pack: resolvePolicyPack(request.packSlug),
        isWaived: waiverMatcher(request.waivers),
        docsBaseUrl: request.docsBaseUrl,
      },
    )
  }
  if (request.kind === 'project') {
    // Worker threads receive plain Uint8Arrays: view them as Buffers without copying.
    const view = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    return analyzeProject({
      submissionName: request.submissionName,
      projectJson: request.projectJson === null ? null : view(request.projectJson),
      files: request.files.map((file) => ({ path: file.path, content: view(file.content) })),
      skipped: request.skipped,
      packSlug: request.packSlug,
      isWaived: waiverMatcher(request.waivers),
      ...(request.docsBaseUrl !== undefined ? { docsBaseUrl: request.docsBaseUrl } : {}),
    })
  }
  return analyzeWorkflow({
    content: request.content,
    fileName: request.fileName,
    ...(request.relativePath !== undefined ? { relativePath: request.relativePath } : {}),
    packSlug: request.packSlug,
    isWaived: waiverMatcher(request.waivers),
    ...(request.docsBaseUrl !== undefined ? { docsBaseUrl: request.docsBaseUrl } : {}),
  })
}
