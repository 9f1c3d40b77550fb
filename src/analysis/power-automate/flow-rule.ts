/**
 * The rule framework for Power Automate cloud flows: a rule is one file under `rules/` that exports
 * the result of {@link defineFlowRule}: the same metadata as a UiPath rule (id `FC-PAF-<CODE>-NNN`,
 * category, default severity, texts, typed options) and a pure `check(flow, context)` that returns
 * raw findings at an action or trigger. The context carries the submission (the other flows of a
 * solution), so rules that need it (child flows) stay one file each.
 *
 * @module
 */
import type { Severity } from '../../domain/severity.js'
import { isSeverity } from '../../domain/severity.js'
import { CATEGORY_CODES, isRuleCategory, RULE_NAME_PATTERN, type RuleCategory } from '../rules/rule.js'
import { type OptionSpecs, type RuleOptions, resolveRuleOptions } from '../rules/rule-options.js'
import type { FlowModel, FlowStep, FlowValue } from './flow-model.js'

/** `FC-PAF-<CODE>-NNN` with a known category code. */
export const FLOW_RULE_ID_PATTERN = /^FC-PAF-(HCD|SEC|ERR|NMG|MNT|REL|LOG|DOC|FRW|PRJ)-\d{3}$/

/** What a flow rule reports for one problem. */
export interface FlowRawFinding {
  readonly line: number
  readonly column: number
  /** The action or trigger concerned (its name), or the flow's display name for flow-wide findings. */
  readonly activity: string
  /** Path in the workflow definition (`#/actions/Scope_Try/actions/HTTP`); `#` for the flow itself. */
  readonly pointer: string
  readonly message?: string | undefined
  /** The offending value for the fingerprint when the message shows less; never a secret. */
  readonly value?: string | undefined
}

/** The submission a flow belongs to, as rules see it. */
export interface FlowSubmissionContext {
  /** `solution`, `package` or `flows` (loose files, or one flow). */
  readonly kind: 'solution' | 'package' | 'flows'
  /** Workflow ids (lower case) of the solution's flows, from their file names. */
  readonly workflowIds: ReadonlySet<string>
}

export interface FlowRuleContext<O = Readonly<Record<string, unknown>>> {
  readonly options: O
  readonly submission: FlowSubmissionContext
}

export interface FlowRuleMeta {
  readonly ruleId: string
  readonly name: string
  readonly category: RuleCategory
  readonly severity: Severity
  readonly description: string
  readonly recommendation: string
}

export interface FlowRule<S extends OptionSpecs = OptionSpecs> extends FlowRuleMeta {
  readonly platform: 'power-automate'
  readonly options: S
  /** Pure; must not throw on any model the reader produces. */
  check(flow: FlowModel, context: FlowRuleContext<RuleOptions<S>>): readonly FlowRawFinding[]
}

export class FlowRuleDefinitionError extends Error {
  override readonly name = 'FlowRuleDefinitionError'
}

export function defineFlowRule<S extends OptionSpecs = Record<never, never>>(
  definition: Omit<FlowRule<S>, 'options' | 'platform'> & { readonly options?: S },
): FlowRule<S> {
  const { ruleId } = definition
  const fail = (message: string): never => {
    throw new FlowRuleDefinitionError(`${ruleId || '(rule without id)'}: ${message}`)
  }
  if (!FLOW_RULE_ID_PATTERN.test(ruleId)) fail('ruleId must look like FC-PAF-<CAT>-NNN')
  if (!isRuleCategory(definition.category)) fail(`unknown category "${String(definition.category)}"`)
  if (ruleId.split('-')[2] !== CATEGORY_CODES[definition.category]) {
    fail(`the id's category code must be ${CATEGORY_CODES[definition.category]} for ${definition.category}`)
  }
  if (!RULE_NAME_PATTERN.test(definition.name)) fail('name must be kebab-case')
  if (!isSeverity(definition.severity)) fail(`unknown severity "${String(definition.severity)}"`)
  if (!/^\S.*[.!?]$/s.test(definition.description))
    fail('description must be a sentence ending with a period')
  if (!/^\S.*[.!?]$/s.test(definition.recommendation))
    fail('recommendation must be a sentence ending with a period')
  const options = (definition.options ?? {}) as S
  resolveRuleOptions(options, undefined, ruleId)
  return Object.freeze({
    ruleId,
    name: definition.name,
    category: definition.category,
    severity: definition.severity,
    description: definition.description,
    recommendation: definition.recommendation,
    platform: 'power-automate' as const,
    options,
    check: definition.check,
  })
}

/** A finding at a trigger or action. */
export function findingAtStep(step: FlowStep, message?: string, value?: string): FlowRawFinding {
  return { line: step.line, column: step.column, activity: step.name, pointer: step.pointer, message, value }
}

/** A finding at one value inside a step (its line), located by the step's pointer. */
export function findingAtValue(value: FlowValue, message?: string, offending?: string): FlowRawFinding {
  return {
    line: value.node.line,
    column: value.node.column,
    activity: value.owner.name,
    pointer: value.owner.pointer,
    message,
    value: offending,
  }
}

/** A finding on the flow as a whole (at its definition). */
export function findingOnFlow(flow: FlowModel, message?: string): FlowRawFinding {
  return {
    line: flow.line,
    column: flow.column,
    activity: flow.displayName ?? flow.path,
    pointer: '#',
    message,
  }
}
