/**
 * The analyzer entry point: XAML in, scored result out. Pure (no I/O, no clock): the caller
 * reads the file, stores the result and stamps ids and times.
 *
 * Errors:
 * - a file that cannot be read as a workflow throws the reader's `XamlError` (code, line,
 *   column) unchanged; callers map it (the API to a 4xx, the CLI to a failing input);
 * - an unknown pack slug throws {@link UnknownPolicyPackError};
 * - a rule that throws does NOT abort the analysis: the rule is skipped, the failure is listed in
 *   `ruleErrors` (ruleId + message) and the result is marked `passed: false` — fail closed, since
 *   a file we could not fully check must not pass a gate — while score and summary still count
 *   only real findings (a Flowcerta bug is not the workflow author's fault).
 *
 * What a result carries is bounded (result-limits.ts): at most 5,000 findings, the most severe,
 * with score and summary over all of them; activity labels and messages clipped.
 *
 * @module
 */

import type { Platform } from '../domain/platforms.js'
import type { Severity } from '../domain/severity.js'
import { severityRank } from '../domain/severity.js'
import { activityIdentity, fingerprintAll } from './finding-fingerprint.js'
import type { EnforcementMode, PolicyPack } from './packs/policy-pack.js'
import { DEFAULT_POLICY_PACK_SLUG, getPolicyPack } from './packs/policy-packs.js'
import { clipText, DEFAULT_RESULT_LIMITS } from './result-limits.js'
import { matchesPathPattern, normalizeRelativePath } from './rules/path-pattern.js'
import {
  activityLabel,
  type FlowLocation,
  type LogicalLocation,
  type RawFinding,
  type Rule,
  type RuleCategory,
  type RuleMeta,
} from './rules/rule.js'
import { DEFAULT_RULE_DOCS_BASE_URL, ruleDocsUrl } from './rules/rule-docs.js'
import { showsReframework } from './rules/support/reframework.js'
import { type FindingSummary, scoreFindings } from './scoring.js'
import { parseXaml } from './xaml/parse-xaml.js'
import type { WorkflowModel, XamlLimits } from './xaml/workflow-model.js'

/** One finding in a result. The first five fields are the webhook contract (spec: validation.completed). */
export interface Finding {
  readonly ruleId: string
  /** Effective severity (the pack may override the rule's default). */
  readonly severity: Severity
  readonly category: RuleCategory
  /** `<fileName>:<line>`. */
  readonly location: string
  /** The rule's description. */
  readonly description: string
  readonly line: number
  readonly column: number
  /** DisplayName of the activity concerned, else its type. */
  readonly activity: string
  /** Detail specific to this occurrence, or null. */
  readonly message: string | null
  readonly recommendation: string
  readonly docsUrl: string
  /** Id of the approved risk exception that waives this finding, or null. Waived findings do not count. */
  readonly waivedBy: string | null
  /** Identity that survives line moves and reformatting (see finding-fingerprint.ts). */
  readonly fingerprint: string
  /** Data-flow findings only: the path from source to sink (absent otherwise). */
  readonly flow?: readonly FlowLocation[]
  /**
   * Where the finding is in the workflow's own terms (a flow action's JSON path, a Blue Prism
   * process/page/stage); only on platforms other than UiPath, whose XAML line says it all.
   */
  readonly logicalLocation?: LogicalLocation
}

/** A rule that threw while checking this file (see the module doc). */
export interface RuleError {
  readonly ruleId: string
  readonly message: string
}

/**
 * Something that was not analysed, and why: a file the input layer left out (project submissions:
 * `path` + `reason` only), or a part of a workflow no rule looked at — the body of a Comment Out,
 * dead code that never runs — with where it is (`line`, `column`, the Comment Out's `activity`
 * label) and how many `activities` it holds.
 */
export interface SkippedEntry {
  /** The file (single file: the result's fileName; project: the path inside the project). */
  readonly path: string
  readonly reason: string
  readonly line?: number
  readonly column?: number
  readonly activity?: string
  readonly activities?: number
}

/** Why a Comment Out body is listed in `skipped`. */
export const COMMENTED_OUT_REASON = 'commented out (Comment Out body never runs): not analysed'

/** The model's skipped parts (Comment Out bodies) as result entries for the file at `path`. */
export function skippedParts(model: WorkflowModel, path: string): SkippedEntry[] {
  return model.skipped.map((part) => ({
    path,
    reason: COMMENTED_OUT_REASON,
    line: part.line,
    column: part.column,
    activity: clipText(activityLabel(part.node), DEFAULT_RESULT_LIMITS.maxActivityChars),
    activities: part.activities,
  }))
}

/** The result of analysing one workflow file. Field names follow the webhook spec. */
export interface AnalysisResult {
  readonly platform: Platform
  readonly fileName: string
  readonly passed: boolean
  readonly score: number
  readonly enforcementMode: EnforcementMode
  readonly policyPackSlug: string
  /** Counts of the findings that are not waived. */
  readonly summary: FindingSummary
  /**
   * All findings, waived ones included, ordered by severity, line, column, ruleId; at most
   * `DEFAULT_RESULT_LIMITS.maxFindings` of them (the most severe), while summary counts them all.
   */
  readonly findings: readonly Finding[]
  /** Rules that failed on this file; non-empty means `passed` is false. */
  readonly ruleErrors: readonly RuleError[]
  /** What no rule analysed (Comment Out bodies; for projects also files left out), in order. */
  readonly skipped: readonly SkippedEntry[]
}

export interface AnalyzeWorkflowInput {
  /** The file's bytes (BOM and UTF-16 handled by the reader) or text. */
  readonly content: Uint8Array | string
  /** Name used in locations (`Main.xaml` → `Main.xaml:42`); the CLI passes a path relative to cwd. */
  readonly fileName: string
  /** Path relative to the project root, for rules' `appliesTo`; defaults to `fileName`. */
  readonly relativePath?: string
  /** Built-in pack to apply; default `uipath-reframework-baseline`. Ignored when `pack` is given. */
  readonly packSlug?: string
  /** An already resolved pack (e.g. an org's custom pack). */
  readonly pack?: PolicyPack
  /** Returns the id of an approved risk exception covering the finding, or null. */
  readonly isWaived?: (finding: Finding) => string | null
  /** Reader limits (size, depth, element count). */
  readonly limits?: Partial<XamlLimits>
  /** Base URL of the rule pages (`<base>/<ruleId>`, see rule-docs.ts); default {@link DEFAULT_RULE_DOCS_BASE_URL}. */
  readonly docsBaseUrl?: string
}

/** No built-in pack has this slug. */
export class UnknownPolicyPackError extends Error {
  override readonly name = 'UnknownPolicyPackError'
  readonly code = 'UNKNOWN_POLICY_PACK'
  constructor(readonly slug: string) {
    super(`Unknown policy pack "${slug}"`)
  }
}

/** Resolves `packSlug` (default pack when undefined) or throws {@link UnknownPolicyPackError}. */
export function resolvePolicyPack(packSlug: string | undefined): PolicyPack {
  const slug = packSlug ?? DEFAULT_POLICY_PACK_SLUG
  const pack = getPolicyPack(slug)
  if (!pack) throw new UnknownPolicyPackError(slug)
  return pack
}

/** Most severe first, then by position, then by rule id. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    a.line - b.line ||
    a.column - b.column ||
    compareText(a.ruleId, b.ruleId)
  )
}

/**
 * `a.localeCompare(b)`, with the common equal case answered without the collator (sorting a
 * file's findings compares many equal paths and rule ids; the collator showed in the profiles).
 */
export function compareText(a: string, b: string): number {
  return a === b ? 0 : a.localeCompare(b)
}

/** What turning raw findings into findings needs: where they are, waivers, docs. */
export interface FindingContext {
  /** Prefix of `location` (`Main.xaml` → `Main.xaml:42`). */
  readonly locationPrefix: string
  readonly isWaived: ((finding: Finding) => string | null) | undefined
  readonly docsBaseUrl: string
}

/** A raw finding of `rule` as a finding: texts, location, docs link, waiver. The one place this is built. */
export function toFinding(
  rule: RuleMeta,
  severity: Severity,
  found: RawFinding,
  fingerprint: string,
  context: FindingContext,
  /** `ruleDocsUrl(rule.ruleId, context.docsBaseUrl)` when the caller has it already. */
  docsUrl?: string,
): Finding {
  // Optional fields are set after the fixed ones (same key order as before), not spread in: a
  // spread copy per finding showed in the profiles.
  const finding: { -readonly [K in keyof Finding]: Finding[K] } = {
    ruleId: rule.ruleId,
    severity,
    category: rule.category,
    location: `${context.locationPrefix}:${found.line}`,
    description: rule.description,
    line: found.line,
    column: found.column,
    activity: clipText(found.activity, DEFAULT_RESULT_LIMITS.maxActivityChars),
    message: found.message == null ? null : clipText(found.message, DEFAULT_RESULT_LIMITS.maxMessageChars),
    recommendation: rule.recommendation,
    docsUrl: docsUrl ?? ruleDocsUrl(rule.ruleId, context.docsBaseUrl),
    waivedBy: null,
    fingerprint,
  }
  if (found.flow !== undefined && found.flow.length > 0) {
    finding.flow = found.flow.slice(0, DEFAULT_RESULT_LIMITS.maxFlowSteps).map((step) => ({
      ...step,
      message: clipText(step.message, DEFAULT_RESULT_LIMITS.maxMessageChars),
    }))
  }
  if (found.logicalLocation !== undefined) finding.logicalLocation = found.logicalLocation
  const waivedBy = context.isWaived?.(finding) ?? null
  return waivedBy ? { ...finding, waivedBy } : finding
}

/** Raw findings of one file (or of a project's project rules) as findings, fingerprinted together. */
export function toFindings(
  raw: ReadonlyArray<{
    readonly rule: RuleMeta
    readonly severity: Severity
    readonly found: RawFinding & { readonly path?: string }
  }>,
  context: (found: RawFinding & { readonly path?: string }) => FindingContext,
): Finding[] {
  // Once per finding (the context callback builds strings), once per distinct path and rule.
  const contexts = raw.map(({ found }) => context(found))
  const paths = new Map<string, string>()
  const docsUrls = new Map<string, string>()
  const fingerprints = fingerprintAll(
    raw.map(({ rule, found }, index) => {
      const rawPath = found.path ?? (contexts[index] as FindingContext).locationPrefix
      let path = paths.get(rawPath)
      if (path === undefined) {
        path = normalizeRelativePath(rawPath)
        paths.set(rawPath, path)
      }
      return {
        ruleId: rule.ruleId,
        path,
        identity: found.identity ?? activityIdentity(found.node, found.activity),
        message: found.value ?? found.message ?? null,
      }
    }),
  )
  return raw.map(({ rule, severity, found }, index) => {
    const findingContext = contexts[index] as FindingContext
    const key = `${findingContext.docsBaseUrl}\n${rule.ruleId}`
    let docsUrl = docsUrls.get(key)
    if (docsUrl === undefined) {
      docsUrl = ruleDocsUrl(rule.ruleId, findingContext.docsBaseUrl)
      docsUrls.set(key, docsUrl)
    }
    return toFinding(rule, severity, found, fingerprints[index] ?? '', findingContext, docsUrl)
  })
}

/** Runs the pack's file rules that apply to `relativePath` on one parsed workflow. */
export function runFileRules(
  model: WorkflowModel,
  pack: PolicyPack,
  relativePath: string,
  context: FindingContext,
  skip: (rule: Rule) => boolean = () => false,
  invokedTemplatePath?: (fileName: string) => string,
): { findings: Finding[]; ruleErrors: RuleError[] } {
  const raw: Array<{ rule: RuleMeta; severity: Severity; found: RawFinding }> = []
  const ruleErrors: RuleError[] = []
  for (const { rule, severity, options } of pack.rules) {
    if (rule.scope !== 'file' || skip(rule)) continue
    if (rule.appliesTo && !matchesPathPattern(relativePath, rule.appliesTo)) continue
    try {
      for (const found of rule.check(model, {
        options,
        fileName: model.fileName,
        relativePath,
        invokedTemplatePath,
      }))
        raw.push({ rule, severity, found })
    } catch (error) {
      ruleErrors.push({
        ruleId: rule.ruleId,
        message: error instanceof Error ? error.message : String(error),
      })
    }
  }
  // Document order, so the n-th of two identical findings is the same one after an edit elsewhere.
  raw.sort(
    (a, b) =>
      a.found.line - b.found.line ||
      a.found.column - b.found.column ||
      compareText(a.rule.ruleId, b.rule.ruleId),
  )
  return { findings: toFindings(raw, () => context), ruleErrors }
}

/** Parses the workflow, runs the pack's rules, applies waivers and scores. */
export function analyzeWorkflow(input: AnalyzeWorkflowInput): AnalysisResult {
  const pack = input.pack ?? resolvePolicyPack(input.packSlug)
  const model = parseXaml(input.content, input.fileName, input.limits)
  const relativePath = normalizeRelativePath(input.relativePath ?? input.fileName)
  // The framework rules judge REFramework projects only; a lone file must show it is one.
  const notReframework = !showsReframework(model, relativePath)
  const { findings, ruleErrors } = runFileRules(
    model,
    pack,
    relativePath,
    {
      locationPrefix: input.fileName,
      isWaived: input.isWaived,
      docsBaseUrl: input.docsBaseUrl ?? DEFAULT_RULE_DOCS_BASE_URL,
    },
    (rule) => notReframework && rule.category === 'framework',
  )
  findings.sort(compareFindings)

  const { score, summary, passed } = scoreFindings(findings, pack.weights, pack.passThreshold)
  if (findings.length > DEFAULT_RESULT_LIMITS.maxFindings) findings.length = DEFAULT_RESULT_LIMITS.maxFindings
  return {
    platform: pack.platform,
    fileName: input.fileName,
    passed: passed && ruleErrors.length === 0,
    score,
    enforcementMode: pack.enforcementMode,
    policyPackSlug: pack.slug,
    summary,
    findings,
    ruleErrors,
    skipped: skippedParts(model, input.fileName),
  }
}
