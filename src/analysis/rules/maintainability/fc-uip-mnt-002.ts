/**
 * FC-UIP-MNT-002 nesting-too-deep: an activity nested inside too many other activities.
 * Mirrors UiPath Workflow Analyzer ST-MRD-009 (Deeply Nested Activities). Doc: docs/rules/FC-UIP-MNT-002.md.
 */
import { isArgumentValue, walkActivities } from '../../xaml/model-queries.js'
import { defineRule, findingAt, type RawFinding } from '../rule.js'
import { integerOption } from '../rule-options.js'

export const nestingTooDeepRule = defineRule({
  ruleId: 'FC-UIP-MNT-002',
  name: 'nesting-too-deep',
  category: 'maintainability',
  severity: 'medium',
  description: 'Activities are nested too deeply.',
  recommendation:
    'Flatten the structure (early exits, a Flowchart or Switch instead of nested branches) or move the inner part into its own workflow and call it with Invoke Workflow File.',
  mirrors: ['ST-MRD-009'],
  options: {
    threshold: integerOption({
      default: 7,
      min: 1,
      description:
        'An activity that has this many activities around it (its containers: Sequence, If, ForEach, TryCatch, …) is reported (UiPath default: 7).',
    }),
  },
  check(model, { options }) {
    const findings: RawFinding[] = []
    // `depth` counts activity ancestors only: property elements (`If.Then`), ActivityAction, Catch,
    // FlowStep and State wrappers are not activities and add nothing. Report the first activity of
    // each too-deep subtree and skip the rest of it, so one deep branch gives one finding.
    // An activity that is an argument's value (`<InArgument><Literal …/></InArgument>`) is an
    // expression of its owner, not one more nested step.
    walkActivities(model, (activity, depth) => {
      if (isArgumentValue(activity)) return false
      if (depth < options.threshold) return true
      findings.push(
        findingAt(activity, `Nested inside ${depth} activities (threshold: ${options.threshold}).`),
      )
      return false
    })
    return findings
  },
})
