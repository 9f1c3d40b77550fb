/**
 * Policy packs: which rules run, at which severity, with which options, and how a result is
 * judged (enforcement mode, pass threshold, scoring weights). Packs are plain JSON data
 * (`src/analysis/packs/*.json`); {@link parsePolicyPack} validates one against the rule index and
 * resolves it, throwing {@link PolicyPackError} with the file and JSON path of the first problem.
 *
 * Pack file format:
 * ```json
 * {
 *   "slug": "uipath-security", "name": "UiPath security", "description": "…",
 *   "platform": "uipath", "enforcementMode": "blocking", "passThreshold": 70,
 *   "weights": { "critical": 25, "high": 6, "medium": 3, "low": 1 },          // optional
 *   "rules": [
 *     { "all": true },                                                        // every rule
 *     { "category": "framework", "enabled": false },                          // drop a category
 *     { "ruleId": "FC-UIP-ERR-001", "severity": "critical" },                 // override severity
 *     { "ruleId": "FC-UIP-LOG-002", "options": { "activityTypes": ["WriteLine"] } }
 *   ]
 * }
 * ```
 * `rules` entries are applied in order and a later entry wins: each selects rules of the pack's
 * platform only (`all` in a Blue Prism pack is every Blue Prism rule; a `ruleId` of another
 * platform is an error) with exactly one of `all`, `category` or `ruleId`, and sets `enabled` (default true), `severity` and, for a
 * `ruleId` entry only, `options`. A rule no entry enables is not run.
 *
 * @module
 */
import { PLATFORMS, type Platform } from '../../domain/platforms.js'
import type { Severity } from '../../domain/severity.js'
import { isSeverity, SEVERITIES } from '../../domain/severity.js'
import { isRuleCategory, RULE_CATEGORIES, type Rule, type RuleCategory } from '../rules/rule.js'
import { RuleOptionError, resolveRuleOptions } from '../rules/rule-options.js'
import type { SeverityWeights } from '../scoring.js'

/** `blocking`: a failing result fails the pipeline/upload; `advisory`: it is only reported. */
export const ENFORCEMENT_MODES = Object.freeze(['blocking', 'advisory'] as const)
export type EnforcementMode = (typeof ENFORCEMENT_MODES)[number]

export type { Platform } from '../../domain/platforms.js'

/** Pass threshold when a pack does not set one. */
export const DEFAULT_PASS_THRESHOLD = 70

/** A rule as a pack runs it: the rule, its effective severity and its resolved options. */
export interface PackRule {
  readonly rule: Rule
  readonly severity: Severity
  /** Typed options (defaults overridden by the pack), as `check` receives them. */
  readonly options: Readonly<Record<string, unknown>>
}

/** A validated, resolved policy pack. */
export interface PolicyPack {
  readonly slug: string
  readonly name: string
  readonly description: string
  readonly platform: Platform
  readonly enforcementMode: EnforcementMode
  /** Minimum score (0–100) for a result to pass; default {@link DEFAULT_PASS_THRESHOLD}. */
  readonly passThreshold: number
  readonly weights: SeverityWeights
  /** The rules the pack runs, sorted by ruleId. */
  readonly rules: readonly PackRule[]
}

/** A pack file failed validation; the message names the source and the JSON path. */
export class PolicyPackError extends Error {
  override readonly name = 'PolicyPackError'
}

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const PACK_KEYS = new Set([
  'slug',
  'name',
  'description',
  'platform',
  'enforcementMode',
  'passThreshold',
  'weights',
  'rules',
])
const ENTRY_KEYS = new Set(['all', 'category', 'ruleId', 'enabled', 'severity', 'options'])

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Validates severity weights (non-negative numbers for each severity, nothing else). */
export function parseSeverityWeights(raw: unknown, where: string): SeverityWeights {
  if (!isRecord(raw)) throw new PolicyPackError(`${where} must be an object with ${SEVERITIES.join(', ')}`)
  for (const key of Object.keys(raw)) {
    if (!isSeverity(key))
      throw new PolicyPackError(`${where}.${key} is not a severity (${SEVERITIES.join(', ')})`)
  }
  const weights = {} as Record<Severity, number>
  for (const severity of SEVERITIES) {
    const value = raw[severity]
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new PolicyPackError(
        `${where}.${severity} must be a non-negative number, got ${JSON.stringify(value)}`,
      )
    }
    weights[severity] = value
  }
  return Object.freeze(weights)
}

/**
 * Validates a raw pack (parsed JSON) against the known rules and resolves it.
 * @param source names the pack in error messages (e.g. the file name).
 */
export function parsePolicyPack(
  raw: unknown,
  source: string,
  knownRules: readonly Rule[],
  defaultWeights: SeverityWeights,
): PolicyPack {
  const fail = (path: string, message: string): never => {
    throw new PolicyPackError(`Invalid policy pack ${source}: ${path} ${message}`)
  }
  if (!isRecord(raw)) return fail('(root)', 'must be a JSON object')
  for (const key of Object.keys(raw)) if (!PACK_KEYS.has(key)) fail(key, 'is not a pack field')

  const { slug, name, description, platform, enforcementMode } = raw
  if (typeof slug !== 'string' || !SLUG_PATTERN.test(slug)) fail('slug', 'must be a kebab-case string')
  if (typeof name !== 'string' || name.trim() === '') fail('name', 'must be a non-empty string')
  if (description !== undefined && typeof description !== 'string') fail('description', 'must be a string')
  if (!(PLATFORMS as readonly unknown[]).includes(platform))
    fail('platform', `must be one of ${PLATFORMS.join(', ')}`)
  if (!(ENFORCEMENT_MODES as readonly unknown[]).includes(enforcementMode)) {
    fail('enforcementMode', `must be one of ${ENFORCEMENT_MODES.join(', ')}`)
  }
  const passThreshold = raw.passThreshold ?? DEFAULT_PASS_THRESHOLD
  if (
    typeof passThreshold !== 'number' ||
    !Number.isFinite(passThreshold) ||
    passThreshold < 0 ||
    passThreshold > 100
  ) {
    fail('passThreshold', 'must be a number from 0 to 100')
  }
  let weights = defaultWeights
  if (raw.weights !== undefined) {
    try {
      weights = parseSeverityWeights(raw.weights, 'weights')
    } catch (error) {
      fail('', (error as Error).message)
    }
  }

  if (!Array.isArray(raw.rules) || raw.rules.length === 0) fail('rules', 'must be a non-empty array')
  // A pack runs on one platform's workflows: it sees only that platform's rules.
  const platformRules = knownRules.filter((rule) => rule.platform === platform)
  const byId = new Map(platformRules.map((rule) => [rule.ruleId, rule]))
  const selected = new Map<
    string,
    { enabled: boolean; severity?: Severity; options?: Record<string, unknown> }
  >()

  for (const [index, entry] of (raw.rules as unknown[]).entries()) {
    const path = `rules[${index}]`
    if (!isRecord(entry)) return fail(path, 'must be an object')
    for (const key of Object.keys(entry))
      if (!ENTRY_KEYS.has(key)) fail(`${path}.${key}`, 'is not a rule-entry field')
    const selectors = ['all', 'category', 'ruleId'].filter((key) => entry[key] !== undefined)
    if (selectors.length !== 1) fail(path, 'must have exactly one of "all", "category" or "ruleId"')
    if (entry.enabled !== undefined && typeof entry.enabled !== 'boolean')
      fail(`${path}.enabled`, 'must be a boolean')
    if (entry.severity !== undefined && !isSeverity(entry.severity)) {
      fail(`${path}.severity`, `must be one of ${SEVERITIES.join(', ')}`)
    }
    if (entry.options !== undefined && (entry.ruleId === undefined || !isRecord(entry.options))) {
      fail(`${path}.options`, 'must be an object, and only on a "ruleId" entry')
    }

    let targets: readonly Rule[]
    if (entry.all !== undefined) {
      if (entry.all !== true) fail(`${path}.all`, 'must be true')
      targets = platformRules
    } else if (entry.category !== undefined) {
      if (!isRuleCategory(entry.category))
        fail(`${path}.category`, `must be one of ${RULE_CATEGORIES.join(', ')}`)
      targets = platformRules.filter((rule) => rule.category === (entry.category as RuleCategory))
    } else {
      const rule = typeof entry.ruleId === 'string' ? byId.get(entry.ruleId) : undefined
      if (!rule) {
        const elsewhere = knownRules.find((known) => known.ruleId === entry.ruleId)
        return fail(
          `${path}.ruleId`,
          elsewhere === undefined
            ? `${JSON.stringify(entry.ruleId)} is not a known rule`
            : `${JSON.stringify(entry.ruleId)} is a ${elsewhere.platform} rule, not a ${String(platform)} one`,
        )
      }
      targets = [rule]
    }
    for (const rule of targets) {
      const previous = selected.get(rule.ruleId)
      selected.set(rule.ruleId, {
        enabled: (entry.enabled as boolean | undefined) ?? true,
        severity: (entry.severity as Severity | undefined) ?? previous?.severity,
        options: (entry.options as Record<string, unknown> | undefined) ?? previous?.options,
      })
    }
  }

  const rules: PackRule[] = []
  for (const [ruleId, choice] of selected) {
    if (!choice.enabled) continue
    const rule = byId.get(ruleId)!
    let options: Readonly<Record<string, unknown>>
    try {
      options = resolveRuleOptions(rule.options, choice.options, ruleId)
    } catch (error) {
      if (error instanceof RuleOptionError) return fail('rules', error.message)
      throw error
    }
    rules.push(Object.freeze({ rule, severity: choice.severity ?? rule.severity, options }))
  }
  rules.sort((a, b) => a.rule.ruleId.localeCompare(b.rule.ruleId))

  return Object.freeze({
    slug: slug as string,
    name: name as string,
    description: (description as string | undefined) ?? '',
    platform: platform as Platform,
    enforcementMode: enforcementMode as EnforcementMode,
    passThreshold: passThreshold as number,
    weights,
    rules: Object.freeze(rules),
  })
}
