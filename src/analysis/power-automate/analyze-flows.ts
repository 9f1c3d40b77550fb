/**
 * The analyzer for a Power Automate submission: one result for one flow, a legacy package or a
 * whole solution (a solution with several flows is one validation, like a UiPath project). Pure.
 *
 * - Every flow is read once (read-flow.ts) and every rule of the pack runs on it, seeing the
 *   submission (which flows a solution has, for child-flow calls).
 * - A finding's `location` is `<flow path>#<action path>:<line>`
 *   (`Workflows/Approve-….json#/actions/Scope_Try/actions/HTTP:42`); `path` is the flow's path.
 * - Fingerprints name the action by its path in the definition (stable when lines move, new when
 *   the action is renamed or moved to another branch) and the offending value.
 * - A flow that cannot be read does not fail the submission: it is listed with its error, scores 0
 *   and makes the result fail (fail closed), as does a rule that throws.
 *
 * @module
 */
import type { Severity } from '../../domain/severity.js'
import { severityRank } from '../../domain/severity.js'
import type { Finding, RuleError } from '../analyze.js'
import { compareFindings, toFinding } from '../analyze.js'
import { fingerprintAll } from '../finding-fingerprint.js'
import type { EnforcementMode } from '../packs/policy-pack.js'
import { DEFAULT_RESULT_LIMITS } from '../result-limits.js'
import type { RuleMeta } from '../rules/rule.js'
import { DEFAULT_RULE_DOCS_BASE_URL } from '../rules/rule-docs.js'
import { type FindingSummary, type SeverityWeights, scoreFindings, scoreProject } from '../scoring.js'
import { isFlowError } from './flow-error.js'
import type { FlowLimits } from './flow-limits.js'
import type { FlowModel } from './flow-model.js'
import type { FlowRawFinding, FlowRule, FlowSubmissionContext } from './flow-rule.js'
import { readFlow } from './read-flow.js'

/** A pack as the flow analyzer runs it (the shape of a resolved PolicyPack). */
export interface FlowPolicyPack {
  readonly slug: string
  readonly enforcementMode: EnforcementMode
  readonly passThreshold: number
  readonly weights: SeverityWeights
  readonly rules: ReadonlyArray<{
    readonly rule: FlowRule
    readonly severity: Severity
    readonly options: Readonly<Record<string, unknown>>
  }>
}

export interface AnalyzeFlowsInput {
  /** The submission's name (the archive's, folder's or file's): the result's `fileName`. */
  readonly submissionName: string
  readonly kind: FlowSubmissionContext['kind']
  readonly flows: ReadonlyArray<{
    readonly path: string
    readonly content: Buffer | string
    readonly workflowId?: string | undefined
  }>
  readonly skipped?: ReadonlyArray<{ readonly path: string; readonly reason: string }>
  readonly pack: FlowPolicyPack
  readonly isWaived?: (finding: Finding) => string | null
  readonly limits?: Partial<FlowLimits>
  readonly docsBaseUrl?: string
}

export interface FlowFinding extends Finding {
  /** The flow's path in the submission. */
  readonly path: string
  /** The action's path in the workflow definition (`#/actions/Scope_Try/actions/HTTP`), `#` for the flow. */
  readonly pointer: string
}

export interface FlowFileResult {
  readonly path: string
  readonly displayName: string | null
  readonly score: number
  readonly passed: boolean
  readonly summary: FindingSummary
  readonly triggers: number
  readonly actions: number
  readonly error: {
    readonly code: string
    readonly message: string
    readonly line: number | null
    readonly column: number | null
  } | null
}

export interface FlowsAnalysisResult {
  readonly platform: 'power-automate'
  readonly fileName: string
  readonly passed: boolean
  readonly score: number
  readonly enforcementMode: EnforcementMode
  readonly policyPackSlug: string
  readonly summary: FindingSummary
  readonly findings: readonly FlowFinding[]
  readonly ruleErrors: readonly RuleError[]
  readonly submissionKind: FlowSubmissionContext['kind']
  readonly files: readonly FlowFileResult[]
  readonly skipped: ReadonlyArray<{ readonly path: string; readonly reason: string }>
}

function metaOf(rule: FlowRule): RuleMeta {
  return {
    ruleId: rule.ruleId,
    name: rule.name,
    category: rule.category,
    severity: rule.severity,
    description: rule.description,
    recommendation: rule.recommendation,
    mirrors: [],
  }
}

/** Runs the pack's rules on one flow; findings fingerprinted in document order. */
export function runFlowRules(
  flow: FlowModel,
  pack: FlowPolicyPack,
  submission: FlowSubmissionContext,
  options: {
    readonly isWaived?: ((finding: Finding) => string | null) | undefined
    readonly docsBaseUrl: string
  },
): { findings: FlowFinding[]; ruleErrors: RuleError[] } {
  const raw: Array<{ rule: FlowRule; severity: Severity; found: FlowRawFinding }> = []
  const ruleErrors: RuleError[] = []
  for (const { rule, severity, options: ruleOptions } of pack.rules) {
    try {
      for (const found of rule.check(flow, { options: ruleOptions as never, submission }))
        raw.push({ rule, severity, found })
    } catch (error) {
      ruleErrors.push({
        ruleId: rule.ruleId,
        message: `${flow.path}: ${error instanceof Error ? error.message : String(error)}`,
      })
    }
  }
  raw.sort(
    (a, b) =>
      a.found.line - b.found.line ||
      a.found.column - b.found.column ||
      a.rule.ruleId.localeCompare(b.rule.ruleId),
  )
  const fingerprints = fingerprintAll(
    raw.map(({ rule, found }) => ({
      ruleId: rule.ruleId,
      path: flow.path,
      identity: `action:${found.pointer}`,
      message: found.value ?? found.message ?? null,
    })),
  )
  const findings = raw.map(({ rule, severity, found }, index): FlowFinding => {
    const finding = toFinding(metaOf(rule), severity, found, fingerprints[index] ?? '', {
      locationPrefix: `${flow.path}${found.pointer}`,
      isWaived: options.isWaived,
      docsBaseUrl: options.docsBaseUrl,
    })
    return { ...finding, path: flow.path, pointer: found.pointer }
  })
  return { findings, ruleErrors }
}

export function analyzeFlows(input: AnalyzeFlowsInput): FlowsAnalysisResult {
  const { pack } = input
  const docsBaseUrl = input.docsBaseUrl ?? DEFAULT_RULE_DOCS_BASE_URL
  const submission: FlowSubmissionContext = {
    kind: input.kind,
    workflowIds: new Set(
      input.flows.flatMap((flow) => (flow.workflowId === undefined ? [] : [flow.workflowId.toLowerCase()])),
    ),
  }
  const findings: FlowFinding[] = []
  const ruleErrors: RuleError[] = []
  const files: FlowFileResult[] = []
  for (const source of input.flows) {
    let flow: FlowModel
    try {
      flow = readFlow(source.content, source.path, input.limits)
    } catch (error) {
      if (!isFlowError(error)) throw error
      files.push({
        path: source.path,
        displayName: null,
        score: 0,
        passed: false,
        summary: { critical: 0, high: 0, medium: 0, low: 0, total: 0 },
        triggers: 0,
        actions: 0,
        error: {
          code: error.code,
          message: error.message,
          line: error.line ?? null,
          column: error.column ?? null,
        },
      })
      continue
    }
    const result = runFlowRules(flow, pack, submission, { isWaived: input.isWaived, docsBaseUrl })
    ruleErrors.push(...result.ruleErrors)
    const scored = scoreFindings(result.findings, pack.weights, pack.passThreshold)
    files.push({
      path: source.path,
      displayName: flow.displayName ?? null,
      score: scored.score,
      passed: scored.passed,
      summary: scored.summary,
      triggers: flow.triggers.length,
      actions: flow.actions.length,
      error: null,
    })
    findings.push(...result.findings)
  }
  findings.sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      a.path.localeCompare(b.path) ||
      compareFindings(a, b),
  )
  const scored = scoreProject(
    files.map((file) => ({ score: file.score, readable: file.error === null })),
    [],
    findings,
    pack.weights,
    pack.passThreshold,
  )
  if (findings.length > DEFAULT_RESULT_LIMITS.maxFindings) findings.length = DEFAULT_RESULT_LIMITS.maxFindings
  return {
    platform: 'power-automate',
    fileName: input.submissionName,
    passed: scored.passed && ruleErrors.length === 0,
    score: scored.score,
    enforcementMode: pack.enforcementMode,
    policyPackSlug: pack.slug,
    summary: scored.summary,
    findings,
    ruleErrors,
    submissionKind: input.kind,
    files,
    skipped: input.skipped ?? [],
  }
}
