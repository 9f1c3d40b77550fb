/**
 * How a platform other than UiPath plugs into the analyzer. A platform gives a
 * {@link PlatformAnalyzer}: it reads the submission's files into its own model (pure, bounded,
 * typed errors) and says what the result's `project` and `invocationGraph` hold for it; its rules
 * (`defineSubmissionRule`, scope `submission`) check that model. {@link analyzeSubmission} does the
 * rest exactly as for a UiPath project: pack rules, fingerprints, waivers, per-file and overall
 * scores, ordering and result limits. The result is a {@link ProjectAnalysisResult}, so storage,
 * events, webhooks, exceptions, SARIF and the dashboard need nothing new.
 *
 * What a result holds for another platform (additive: UiPath's is unchanged):
 * - `platform`: the analyzer's platform; `fileName`: the submission's name;
 * - `files`: one entry per file read (its path in the archive, or the file's own name), with its
 *   score, or its read error (score 0, result fails: fail closed);
 * - `project`: `name`/`version` of the submission as the platform names it (a Blue Prism release's
 *   name, a solution's unique name and version), the UiPath-only fields null/false;
 * - `invocationGraph`: calls from one workflow to another (Blue Prism: processes and objects
 *   called from Action and Process stages; Power Automate: child flows), resolved = found in the
 *   submission, missing = not in it, dynamic = named by an expression, reachableWorkflows = the
 *   workflows of the submission;
 * - findings: `path` = the file, `location` = `<path>:<line>`, and a `logicalLocation` (SARIF).
 *
 * @module
 */
import type { Platform } from '../domain/platforms.js'
import type { Severity } from '../domain/severity.js'
import { compareText, type Finding, type RuleError, toFindings } from './analyze.js'
import {
  compareProjectFindings,
  type InvocationGraphSummary,
  type ProjectAnalysisResult,
  type ProjectFileResult,
  type ProjectFinding,
  type ProjectInfo,
} from './analyze-project.js'
import type { PolicyPack } from './packs/policy-pack.js'
import { DEFAULT_RESULT_LIMITS } from './result-limits.js'
import type { ProjectRawFinding, RuleMeta } from './rules/rule.js'
import { DEFAULT_RULE_DOCS_BASE_URL } from './rules/rule-docs.js'
import { scoreFindings, scoreProject } from './scoring.js'

/** One file of a submission: its path in the archive, or the uploaded file's own name. */
export interface SubmissionFile {
  readonly path: string
  readonly content: Uint8Array
}

/** What the input layer read (src/input/): the files a platform's reader gets. */
export interface PlatformSubmission {
  /** The submission's name (the upload's file name): the result's `fileName`. */
  readonly submissionName: string
  readonly files: readonly SubmissionFile[]
  /** What the input layer left out and why (listed in the result). */
  readonly skipped: ReadonlyArray<{ readonly path: string; readonly reason: string }>
}

/**
 * A file a platform's reader refused. Readers throw a subclass with their own stable codes (each
 * in the error catalogue, so the API answers 4xx with it); `analyzeSubmission` lists a refused
 * file in `files` and throws only when no file could be read at all (nothing worth storing).
 */
export class InputFileError extends Error {
  override readonly name: string = 'InputFileError'
  constructor(
    /** Stable code, e.g. `BLUE_PRISM_PARSE_ERROR`; in src/domain/errors/error-catalogue.ts. */
    readonly code: string,
    message: string,
    readonly position: {
      readonly fileName?: string | undefined
      readonly line?: number | undefined
      readonly column?: number | undefined
      /** The limit crossed (`maxDepth`…) and its value, for a refusal by size or shape. */
      readonly limit?: { readonly name: string; readonly value: number } | undefined
    } = {},
  ) {
    super(message)
  }
}

/** A file of the submission as the platform read it. */
export type ReadFile = { readonly path: string } & (
  | { readonly error: null }
  | { readonly error: InputFileError }
)

/** What a platform's reader gives back: its model of the whole submission, and per-file status. */
export interface PlatformReadResult<M> {
  readonly model: M
  /** Every file of the submission, read or refused. */
  readonly files: readonly ReadFile[]
  readonly project: ProjectInfo
  readonly invocationGraph: InvocationGraphSummary
  /**
   * Files the reader left out on purpose and why (a solution's classic `.xaml` workflows, JSON that
   * is not a flow), listed in the result after the input layer's.
   */
  readonly skipped?: ReadonlyArray<{ readonly path: string; readonly reason: string }>
}

/** A platform's reader, registered in platform-analyzers.ts. Pure; must not throw for one bad file. */
export interface PlatformAnalyzer<M = unknown> {
  readonly platform: Exclude<Platform, 'uipath'>
  read(submission: PlatformSubmission): PlatformReadResult<M>
}

export interface AnalyzeSubmissionOptions {
  readonly pack: PolicyPack
  readonly isWaived?: ((finding: Finding) => string | null) | undefined
  readonly docsBaseUrl?: string | undefined
}

/** `ProjectInfo` for a submission that is not a UiPath project: only name and version. */
export function submissionInfo(name: string | null, version: string | null): ProjectInfo {
  return {
    name,
    version,
    main: null,
    expressionLanguage: null,
    targetFramework: null,
    outputType: null,
    isReframework: false,
  }
}

const NO_FINDINGS = Object.freeze({ critical: 0, high: 0, medium: 0, low: 0, total: 0 })

/** Reads the submission with `analyzer`, runs the pack's rules on the model, scores. */
export function analyzeSubmission<M>(
  analyzer: PlatformAnalyzer<M>,
  submission: PlatformSubmission,
  options: AnalyzeSubmissionOptions,
): ProjectAnalysisResult {
  const { pack } = options
  const read = analyzer.read(submission)
  const firstError = read.files.find((file) => file.error !== null)?.error
  if (firstError && read.files.every((file) => file.error !== null)) throw firstError

  const raw: Array<{ rule: RuleMeta; severity: Severity; found: ProjectRawFinding }> = []
  const ruleErrors: RuleError[] = []
  for (const { rule, severity, options: ruleOptions } of pack.rules) {
    if (rule.scope !== 'submission' || rule.platform !== analyzer.platform) continue
    try {
      for (const found of rule.checkSubmission(read.model, { options: ruleOptions }))
        raw.push({ rule, severity, found })
    } catch (error) {
      ruleErrors.push({
        ruleId: rule.ruleId,
        message: error instanceof Error ? error.message : String(error),
      })
    }
  }
  // Document order per file, so the n-th of two identical findings stays the n-th after an edit elsewhere.
  raw.sort(
    (a, b) =>
      compareText(a.found.path, b.found.path) ||
      a.found.line - b.found.line ||
      a.found.column - b.found.column ||
      compareText(a.rule.ruleId, b.rule.ruleId),
  )
  const docsBaseUrl = options.docsBaseUrl ?? DEFAULT_RULE_DOCS_BASE_URL
  // toFindings gives fresh objects: the path is added in place (a spread copy of every finding
  // showed in the profiles of both platforms' analyses).
  const findings: ProjectFinding[] = toFindings(raw, (found) => ({
    // A JSON path names the step inside the file (`Workflows/A.json#/actions/Try/actions/HTTP:42`,
    // as issue 16 asks of Power Automate); an XML element's name stays in logicalLocation only.
    locationPrefix:
      found.logicalLocation?.kind === 'object'
        ? `${found.path ?? ''}#${found.logicalLocation.fullyQualifiedName}`
        : (found.path ?? ''),
    isWaived: options.isWaived,
    docsBaseUrl,
  })).map((finding, index) => Object.assign(finding, { path: raw[index]?.found.path ?? '' }))

  const files: ProjectFileResult[] = read.files.map((file) => {
    if (file.error !== null) {
      return {
        path: file.path,
        score: 0,
        passed: false,
        summary: { ...NO_FINDINGS },
        error: {
          code: file.error.code,
          message: file.error.message,
          line: file.error.position.line ?? null,
          column: file.error.position.column ?? null,
        },
      }
    }
    const scored = scoreFindings(
      findings.filter((finding) => finding.path === file.path),
      pack.weights,
      pack.passThreshold,
    )
    return {
      path: file.path,
      score: scored.score,
      passed: scored.passed,
      summary: scored.summary,
      error: null,
    }
  })
  // A finding in no listed file (a rule naming a path the reader did not list) counts at project level.
  const listed = new Set(read.files.map((file) => file.path))
  const unlisted = findings.filter((finding) => !listed.has(finding.path))

  findings.sort(compareProjectFindings)
  const scored = scoreProject(
    files.map((file) => ({ score: file.score, readable: file.error === null })),
    unlisted,
    findings,
    pack.weights,
    pack.passThreshold,
  )
  if (findings.length > DEFAULT_RESULT_LIMITS.maxFindings) findings.length = DEFAULT_RESULT_LIMITS.maxFindings
  return {
    platform: analyzer.platform,
    fileName: submission.submissionName,
    passed: scored.passed && ruleErrors.length === 0,
    score: scored.score,
    enforcementMode: pack.enforcementMode,
    policyPackSlug: pack.slug,
    summary: scored.summary,
    findings,
    ruleErrors,
    project: read.project,
    files,
    invocationGraph: read.invocationGraph,
    skipped: [...submission.skipped, ...(read.skipped ?? [])],
  }
}
