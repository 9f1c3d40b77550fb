/**
 * The rule framework for Power Automate cloud flows: a rule is one file under `rules/` that exports
 * the result of {@link defineFlowRule}: the same metadata as a UiPath rule (id `FC-PAF-<CODE>-NNN`,
 * category, default severity, texts, typed options) and a pure `check(flow, context)` that returns
 * raw findings at an action or trigger. The context carries the submission (the other flows of a
 * solution), so rules that need it (child flows) stay one file each.
 *
 * @module
 */
import type { ProjectRawFinding, SubmissionRule } from '../rules/rule.js'
import { defineSubmissionRule } from '../rules/rule.js'
import { type OptionSpecs, type RuleOptions, resolveRuleOptions } from '../rules/rule-options.js'
import type {
  FlowModel,
  FlowStep,
  FlowSubmissionContext,
  FlowSubmissionModel,
  FlowValue,
} from './flow-model.js'

export type { FlowSubmissionContext } from './flow-model.js'

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

export interface FlowRuleContext<O = Readonly<Record<string, unknown>>> {
  readonly options: O
  readonly submission: FlowSubmissionContext
}

/**
 * A Power Automate rule: a submission rule of the platform (rule.ts) whose `checkSubmission` runs
 * `check` on each flow of the submission, plus `check` itself (one flow; what the rule tests call).
 */
export interface FlowRule<S extends OptionSpecs = OptionSpecs>
  extends SubmissionRule<FlowSubmissionModel, S> {
  /** Pure; must not throw on any model the reader produces. */
  check(flow: FlowModel, context: FlowRuleContext<RuleOptions<S>>): readonly FlowRawFinding[]
}

/** A flow finding as the platform analyzer takes it: the flow's path, the action's path as identity. */
export function toSubmissionFinding(flow: FlowModel, found: FlowRawFinding): ProjectRawFinding {
  return {
    path: flow.path,
    line: found.line,
    column: found.column,
    activity: found.activity,
    message: found.message,
    value: found.value,
    // Action names are unique in a flow and its path names it across line moves.
    identity: `action:${found.pointer}`,
    logicalLocation: { fullyQualifiedName: found.pointer.slice(1) || '/', kind: 'object' },
  }
}

/**
 * Declares a Power Automate rule (`FC-PAF-<CODE>-NNN`) with the metadata checks of every rule
 * (rule.ts): `check` reads one flow; the rule runs it on every flow of the submission.
 */
export function defineFlowRule<S extends OptionSpecs = Record<never, never>>(definition: {
  readonly ruleId: string
  readonly name: string
  readonly category: SubmissionRule['category']
  readonly severity: SubmissionRule['severity']
  readonly description: string
  readonly recommendation: string
  readonly options?: S
  check(flow: FlowModel, context: FlowRuleContext<RuleOptions<S>>): readonly FlowRawFinding[]
}): FlowRule<S> {
  const { check, ...meta } = definition
  const rule = defineSubmissionRule<FlowSubmissionModel, S>({
    ...meta,
    platform: 'power-automate',
    mirrors: [],
    checkSubmission(model, { options }) {
      const findings: ProjectRawFinding[] = []
      for (const flow of model.flows)
        for (const found of check(flow, { options, submission: model.context }))
          findings.push(toSubmissionFinding(flow, found))
      return findings
    },
  })
  resolveRuleOptions(rule.options, undefined, rule.ruleId)
  return Object.freeze({ ...rule, check })
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
