/**
 * The rule framework. A rule is one file under `src/analysis/rules/<category-folder>/` that
 * exports the result of {@link defineRule}: metadata (id, category, default severity, texts,
 * mirrored UiPath Workflow Analyzer rules), typed options with defaults, an optional `appliesTo`
 * path filter and a pure `check(model, context)` that returns raw findings (position, activity,
 * optional detail). Severity, scoring, ordering, waivers and output formats are the analyzer's
 * job, not the rule's. See src/analysis/rules/README.md for the step-by-step recipe.
 *
 * @module
 */
import { PLATFORM_RULE_CODES, type Platform, platformOfRuleId } from '../../domain/platforms.js'
import type { Severity } from '../../domain/severity.js'
import { isSeverity } from '../../domain/severity.js'
import type { ProjectModel } from '../project/project-model.js'
import type { WorkflowModel, XamlNode } from '../xaml/workflow-model.js'
import { type OptionSpecs, type RuleOptions, resolveRuleOptions } from './rule-options.js'

/** Rule categories, in the order they are listed in docs and reports. */
export const RULE_CATEGORIES = Object.freeze([
  'hardcoded_value',
  'security',
  'error_handling',
  'naming',
  'maintainability',
  'reliability',
  'logging',
  'documentation',
  'framework',
  'project',
] as const)

/** One of {@link RULE_CATEGORIES}. */
export type RuleCategory = (typeof RULE_CATEGORIES)[number]

/** The three-letter code of each category, used in rule ids (`FC-<PLATFORM>-<CODE>-NNN`). */
export const CATEGORY_CODES: Readonly<Record<RuleCategory, string>> = Object.freeze({
  hardcoded_value: 'HCD',
  security: 'SEC',
  error_handling: 'ERR',
  naming: 'NMG',
  maintainability: 'MNT',
  reliability: 'REL',
  logging: 'LOG',
  documentation: 'DOC',
  framework: 'FRW',
  project: 'PRJ',
})

/** The folder under src/analysis/rules/ that holds a category's rules (kebab-case of the category). */
export function categoryFolder(category: RuleCategory): string {
  return category.replaceAll('_', '-')
}

/**
 * `FC-<PLATFORM>-<CODE>-NNN` with a known platform code (UIP, PAF, BPR: domain/platforms.ts) and a
 * known category code.
 */
export const RULE_ID_PATTERN = /^FC-(UIP|PAF|BPR)-(HCD|SEC|ERR|NMG|MNT|REL|LOG|DOC|FRW|PRJ)-\d{3}$/

/**
 * Where a rule's file lives under src/analysis/rules/: UiPath rules in their category's folder
 * (`error-handling/fc-uip-err-001.ts`), every other platform's in the platform's folder
 * (`blue-prism/fc-bpr-sec-001.ts`), so one platform's rules are read together.
 */
export function ruleFolder(rule: Pick<RuleMeta, 'platform' | 'category'>): string {
  return rule.platform === 'uipath' ? categoryFolder(rule.category) : rule.platform
}

/** UiPath Workflow Analyzer rule ids (`ST-DBP-003`, `ST-MRD-011`, `UI-SEC-004`, `GEN-001`…). */
export const UIPATH_RULE_ID_PATTERN = /^[A-Z]{2,3}(-[A-Z]{3})?-\d{3}$/

/** Short kebab-case rule name (`empty-catch`), shown beside the id in reports and SARIF. */
export const RULE_NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/

export function isRuleCategory(value: unknown): value is RuleCategory {
  return typeof value === 'string' && (RULE_CATEGORIES as readonly string[]).includes(value)
}

/**
 * What a rule's `check` reports for one problem. The analyzer adds ruleId, severity, category,
 * location, description, recommendation and docsUrl.
 */
export interface RawFinding {
  /** 1-based line of the offending element. */
  readonly line: number
  /** 1-based column of the offending element. */
  readonly column: number
  /** The activity concerned: its DisplayName when it has one, else its type (`ui:MessageBox`). */
  readonly activity: string
  /** Optional detail specific to this occurrence ("Catch of System.Exception has no activities."). */
  readonly message?: string | undefined
  /** The node concerned, when there is one: names the finding's activity in its fingerprint. */
  readonly node?: XamlNode | undefined
  /**
   * The offending value, when the message shows less of it (a URL's origin only): what the
   * fingerprint hashes instead of the message. Never a secret (a short one is guessable from its
   * hash): rules reporting secrets leave it out and mask their message.
   */
  readonly value?: string | undefined
  /**
   * What names the element across edits, for platforms without XAML nodes (a Blue Prism stage's
   * id, a flow action's path): the fingerprint's activity identity instead of `node`'s.
   */
  readonly identity?: string | undefined
  /**
   * Where the finding is in the workflow's own terms, for SARIF's `logicalLocations`: a flow
   * action's JSON path, a Blue Prism `process/page/stage`. UiPath findings leave it out.
   */
  readonly logicalLocation?: LogicalLocation | undefined
}

/** A place named in the workflow's terms rather than by line (SARIF `logicalLocation`). */
export interface LogicalLocation {
  /** The whole name: `/actions/Scope_Try/actions/HTTP`, `Process X/Main Page/Log in`. */
  readonly fullyQualifiedName: string
  /**
   * SARIF's kind of the location: `object` for a JSON value named by its path, `element` for an
   * element of an XML document (a Blue Prism stage, page or data item).
   */
  readonly kind: 'object' | 'element'
}

/** What `check` receives beside the model. */
export interface RuleContext<O = Readonly<Record<string, unknown>>> {
  /** The rule's options: its defaults, overridden by the policy pack. */
  readonly options: O
  /** The file name being analysed (as given to the analyzer; also `model.fileName`). */
  readonly fileName: string
  /** The file's path relative to its project root, `/`-separated (`Framework/InitAllSettings.xaml`). */
  readonly relativePath: string
  /**
   * In a project, the path a framework rule should see for a workflow this file invokes (the
   * REFramework template's path, wherever the project keeps the file); undefined for a single
   * file, where the name as written is all there is.
   */
  readonly invokedTemplatePath?: ((fileName: string) => string) | undefined
}

/** Everything about a rule except its check: what docs, packs and output formats read. */
export interface RuleMeta {
  /**
   * `FC-<PLATFORM>-<CAT>-NNN`, e.g. `FC-UIP-ERR-001`, `FC-BPR-SEC-001`; the codes must match the
   * platform and the category.
   */
  readonly ruleId: string
  /** The platform whose workflows the rule checks; packs of that platform select it. */
  readonly platform: Platform
  /** Short kebab-case name, e.g. `empty-catch`. */
  readonly name: string
  readonly category: RuleCategory
  /** Default severity; a policy pack may override it. */
  readonly severity: Severity
  /** The finding's text, one sentence ending with a period ("Empty catch block."). */
  readonly description: string
  /** What to do about it, one or two sentences. */
  readonly recommendation: string
  /** UiPath Workflow Analyzer rule ids this rule mirrors (`['ST-DBP-003']`), or `[]`. */
  readonly mirrors: readonly string[]
  /**
   * Path patterns (relative to the project root, see path-pattern.ts) of the files the rule
   * checks; undefined = every file. Framework rules use `['Main.xaml', 'Framework/*.xaml']`.
   */
  readonly appliesTo?: readonly string[] | undefined
}

/** A rule that checks one workflow file at a time. Create with {@link defineRule}. */
export interface FileRule<S extends OptionSpecs = OptionSpecs> extends RuleMeta {
  readonly scope: 'file'
  /** Option specs with defaults (`{}` when the rule has none). */
  readonly options: S
  /** Pure: reads the model, returns findings. Must not throw on any model the reader produces. */
  check(model: WorkflowModel, context: RuleContext<RuleOptions<S>>): readonly RawFinding[]
}

/** A project rule's finding: a raw finding in one file of the project. */
export interface ProjectRawFinding extends RawFinding {
  /** Path inside the project (`Framework/InitAllSettings.xaml`, or `project.json`). */
  readonly path: string
}

export interface ProjectRuleContext<O = Readonly<Record<string, unknown>>> {
  readonly options: O
}

/**
 * A rule that checks a whole project (invocations across files, project.json). Runs only on
 * project submissions; single files never see it. Create with {@link defineProjectRule}.
 */
export interface ProjectRule<S extends OptionSpecs = OptionSpecs> extends RuleMeta {
  readonly scope: 'project'
  readonly options: S
  /** Pure: reads the project model, returns findings with their file. Must not throw. */
  checkProject(
    project: ProjectModel,
    context: ProjectRuleContext<RuleOptions<S>>,
  ): readonly ProjectRawFinding[]
}

export interface SubmissionRuleContext<O = Readonly<Record<string, unknown>>> {
  readonly options: O
}

/**
 * A rule of a platform other than UiPath: it checks the platform's model of the whole submission
 * (a Blue Prism release with its processes and objects, a Power Automate solution with its flows)
 * and returns findings with the `path` of the file they are in. The platform's analyzer
 * (src/analysis/platform-analyzers.ts) runs it. Create with {@link defineSubmissionRule}.
 *
 * `M` is the platform's model type; the rule index holds every rule as `SubmissionRule<unknown>`
 * and the platform's analyzer only ever hands a rule its own platform's model.
 */
export interface SubmissionRule<M = unknown, S extends OptionSpecs = OptionSpecs> extends RuleMeta {
  readonly scope: 'submission'
  readonly options: S
  /** Pure: reads the model, returns findings with their file. Must not throw. */
  checkSubmission(model: M, context: SubmissionRuleContext<RuleOptions<S>>): readonly ProjectRawFinding[]
}

/** Any rule: the catalogue, packs and docs treat all alike; the analyzer runs each where it belongs. */
export type Rule<S extends OptionSpecs = OptionSpecs> =
  | FileRule<S>
  | ProjectRule<S>
  | SubmissionRule<unknown, S>

/** Thrown by {@link defineRule} when a rule's metadata is malformed (a programming error). */
export class RuleDefinitionError extends Error {
  override readonly name = 'RuleDefinitionError'
}

/**
 * Declares a rule. Validates the metadata and the option defaults immediately, so a malformed
 * rule fails at import (and in the catalogue test), not in production.
 */
export function defineRule<S extends OptionSpecs = Record<never, never>>(
  definition: Omit<FileRule<S>, 'options' | 'scope' | 'platform'> & { readonly options?: S },
): FileRule<S> {
  return Object.freeze({
    ...checkedMeta({ ...definition, platform: 'uipath' }),
    scope: 'file' as const,
    check: definition.check,
  })
}

/** Declares a project rule, with the same metadata checks as {@link defineRule}. */
export function defineProjectRule<S extends OptionSpecs = Record<never, never>>(
  definition: Omit<ProjectRule<S>, 'options' | 'scope' | 'platform'> & { readonly options?: S },
): ProjectRule<S> {
  if (definition.appliesTo !== undefined) {
    throw new RuleDefinitionError(
      `${definition.ruleId}: a project rule sees the whole project; it has no appliesTo`,
    )
  }
  return Object.freeze({
    ...checkedMeta({ ...definition, platform: 'uipath' }),
    scope: 'project' as const,
    checkProject: definition.checkProject,
  })
}

/**
 * Declares a rule of another platform (Power Automate, Blue Prism), with the same metadata checks
 * as {@link defineRule}; `platform` must match the id's platform code and `mirrors` is `[]`.
 */
export function defineSubmissionRule<M, S extends OptionSpecs = Record<never, never>>(
  definition: Omit<SubmissionRule<M, S>, 'options' | 'scope'> & { readonly options?: S },
): SubmissionRule<M, S> {
  if (definition.appliesTo !== undefined) {
    throw new RuleDefinitionError(
      `${definition.ruleId}: a submission rule sees the whole submission; it has no appliesTo`,
    )
  }
  return Object.freeze({
    ...checkedMeta(definition),
    scope: 'submission' as const,
    checkSubmission: definition.checkSubmission,
  })
}

function checkedMeta<S extends OptionSpecs>(
  definition: RuleMeta & { readonly options?: S },
): RuleMeta & { readonly options: S } {
  const { ruleId } = definition
  const fail = (message: string): never => {
    throw new RuleDefinitionError(`${ruleId || '(rule without id)'}: ${message}`)
  }
  if (!RULE_ID_PATTERN.test(ruleId))
    fail('ruleId must look like FC-<PLATFORM>-<CAT>-NNN (e.g. FC-UIP-ERR-001)')
  if (platformOfRuleId(ruleId) !== definition.platform) {
    fail(
      `the id's platform code must be ${PLATFORM_RULE_CODES[definition.platform]} for ${definition.platform}`,
    )
  }
  if (!isRuleCategory(definition.category)) fail(`unknown category "${String(definition.category)}"`)
  if (ruleId.split('-')[2] !== CATEGORY_CODES[definition.category]) {
    fail(`the id's category code must be ${CATEGORY_CODES[definition.category]} for ${definition.category}`)
  }
  if (!RULE_NAME_PATTERN.test(definition.name)) fail('name must be kebab-case, e.g. empty-catch')
  if (!isSeverity(definition.severity)) fail(`unknown severity "${String(definition.severity)}"`)
  if (!/^\S.*[.!?]$/s.test(definition.description))
    fail('description must be a sentence ending with a period')
  if (!/^\S.*[.!?]$/s.test(definition.recommendation))
    fail('recommendation must be a sentence ending with a period')
  if (definition.platform !== 'uipath' && definition.mirrors.length > 0) {
    fail('mirrors names UiPath Workflow Analyzer rules; only a UiPath rule mirrors them')
  }
  for (const id of definition.mirrors) {
    if (!UIPATH_RULE_ID_PATTERN.test(id)) fail(`mirrors: "${id}" is not a UiPath Workflow Analyzer rule id`)
  }
  if (definition.appliesTo !== undefined && definition.appliesTo.length === 0) {
    fail('appliesTo must list at least one pattern (leave it out to check every file)')
  }
  const options = (definition.options ?? {}) as S
  resolveRuleOptions(options, undefined, ruleId) // the defaults themselves must be valid
  return {
    ruleId,
    platform: definition.platform,
    name: definition.name,
    category: definition.category,
    severity: definition.severity,
    description: definition.description,
    recommendation: definition.recommendation,
    options,
    mirrors: Object.freeze([...definition.mirrors]),
    appliesTo: definition.appliesTo ? Object.freeze([...definition.appliesTo]) : undefined,
  }
}

/** The label a finding shows for a node: its DisplayName when present, else its type. */
export function activityLabel(node: XamlNode): string {
  return node.displayName?.trim() || node.type
}

/** A raw finding at `node`'s position, labelled with {@link activityLabel}. */
export function findingAt(node: XamlNode, message?: string): RawFinding {
  return { line: node.line, column: node.column, activity: activityLabel(node), message, node }
}
