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
import type { Severity } from '../domain/severity.js'
import { severityRank } from '../domain/severity.js'
import type { EnforcementMode, Platform, PolicyPack } from './packs/policy-pack.js'
import { DEFAULT_POLICY_PACK_SLUG, getPolicyPack } from './packs/policy-packs.js'
import { clipText, DEFAULT_RESULT_LIMITS } from './result-limits.js'
import { matchesPathPattern, normalizeRelativePath } from './rules/path-pattern.js'
import type { RuleCategory } from './rules/rule.js'
import { DEFAULT_RULE_DOCS_BASE_URL, ruleDocsUrl } from './rules/rule-docs.js'
import { type FindingSummary, scoreFindings } from './scoring.js'
import { parseXaml } from './xaml/parse-xaml.js'
import type { XamlLimits } from './xaml/workflow-model.js'

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
}

/** A rule that threw while checking this file (see the module doc). */
export interface RuleError {
  readonly ruleId: string
  readonly message: string
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
    a.ruleId.localeCompare(b.ruleId)
  )
}

/** Parses the workflow, runs the pack's rules, applies waivers and scores. */
export function analyzeWorkflow(input: AnalyzeWorkflowInput): AnalysisResult {
  const pack = input.pack ?? resolvePolicyPack(input.packSlug)
  const model = parseXaml(input.content, input.fileName, input.limits)
  const relativePath = normalizeRelativePath(input.relativePath ?? input.fileName)
  const docsBaseUrl = input.docsBaseUrl ?? DEFAULT_RULE_DOCS_BASE_URL

  const findings: Finding[] = []
  const ruleErrors: RuleError[] = []
  for (const { rule, severity, options } of pack.rules) {
    if (rule.appliesTo && !matchesPathPattern(relativePath, rule.appliesTo)) continue
    let raw: ReturnType<typeof rule.check>
    try {
      raw = rule.check(model, { options, fileName: input.fileName, relativePath })
    } catch (error) {
      ruleErrors.push({
        ruleId: rule.ruleId,
        message: error instanceof Error ? error.message : String(error),
      })
      continue
    }
    for (const found of raw) {
      const finding: Finding = {
        ruleId: rule.ruleId,
        severity,
        category: rule.category,
        location: `${input.fileName}:${found.line}`,
        description: rule.description,
        line: found.line,
        column: found.column,
        activity: clipText(found.activity, DEFAULT_RESULT_LIMITS.maxActivityChars),
        message:
          found.message == null ? null : clipText(found.message, DEFAULT_RESULT_LIMITS.maxMessageChars),
        recommendation: rule.recommendation,
        docsUrl: ruleDocsUrl(rule.ruleId, docsBaseUrl),
        waivedBy: null,
      }
      const waivedBy = input.isWaived?.(finding) ?? null
      findings.push(waivedBy ? { ...finding, waivedBy } : finding)
    }
  }
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
  }
}
