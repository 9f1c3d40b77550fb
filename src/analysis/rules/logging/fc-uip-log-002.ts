/**
 * FC-UIP-LOG-002 debug-output-left-in: Write Line or Message Box left in a workflow.
 * Mirrors UiPath Workflow Analyzer ST-MRD-011 (Write Line) and also flags Message Box.
 * Doc: docs/rules/FC-UIP-LOG-002.md.
 */

import { defineRule, findingAt } from '../rule.js'
import { stringListOption } from '../rule-options.js'

export const debugOutputLeftInRule = defineRule({
  ruleId: 'FC-UIP-LOG-002',
  name: 'debug-output-left-in',
  category: 'logging',
  severity: 'low',
  description: 'Write Line or Message Box left in the workflow.',
  recommendation:
    'Replace Write Line with Log Message at a suitable level; remove Message Box, which blocks an unattended robot until someone clicks it.',
  mirrors: ['ST-MRD-011'],
  options: {
    activityTypes: stringListOption({
      default: ['WriteLine', 'ui:MessageBox'],
      description:
        'Activity types to report, as canonical model types (`WriteLine`, `ui:MessageBox`; prefix-independent).',
    }),
  },
  check(model, { options }) {
    const types = new Set(options.activityTypes)
    return model.activities
      .filter((activity) => types.has(activity.type))
      .map((activity) => findingAt(activity, `${activity.type} should not ship in a production workflow.`))
  },
})
