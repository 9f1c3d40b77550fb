/**
 * FC-UIP-MNT-008 workflow-too-large: a workflow file with more activities than allowed.
 * No UiPath Workflow Analyzer equivalent. Doc: docs/rules/FC-UIP-MNT-008.md.
 */
import { activityLabel, defineRule, findingAt } from '../rule.js'
import { integerOption } from '../rule-options.js'

export const workflowTooLargeRule = defineRule({
  ruleId: 'FC-UIP-MNT-008',
  name: 'workflow-too-large',
  category: 'maintainability',
  severity: 'medium',
  description: 'The workflow has too many activities.',
  recommendation:
    'Split the workflow into smaller workflows, each doing one step of the process, and call them with Invoke Workflow File.',
  mirrors: [],
  options: {
    maxActivities: integerOption({
      default: 100,
      min: 1,
      description:
        'Largest number of activities (every activity, containers included) one workflow file may hold; one more is reported.',
    }),
  },
  check(model, { options }) {
    const count = model.activities.length
    if (count <= options.maxActivities) return []
    const at = model.rootActivity ?? model.root
    return [
      {
        ...findingAt(at, `${count} activities; the limit is ${options.maxActivities}.`),
        activity: activityLabel(at),
      },
    ]
  },
})
