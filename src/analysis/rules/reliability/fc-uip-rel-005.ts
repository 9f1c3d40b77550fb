/**
 * FC-UIP-REL-005 persistence-activity-in-for-each: a persistence activity (Resume After Delay, a
 * "Wait for … and Resume") inside a sequential For Each loop.
 * Mirrors UiPath Workflow Analyzer ST-DBP-027. Doc: docs/rules/FC-UIP-REL-005.md.
 */
import { activityLabel, defineRule, findingAt, type RawFinding } from '../rule.js'
import { isSequentialForEach, nearestAncestor, persistenceActivities } from '../support/activity-groups.js'

export const persistenceActivityInForEachRule = defineRule({
  ruleId: 'FC-UIP-REL-005',
  name: 'persistence-activity-in-for-each',
  category: 'reliability',
  severity: 'medium',
  description: 'Persistence activity inside a For Each loop.',
  recommendation:
    'Create all the tasks (or jobs, queue items) in the loop and wait for them after it, with a Parallel For Each of "Wait for … and Resume" activities, so the job suspends once instead of once per item.',
  mirrors: ['ST-DBP-027'],
  check(model) {
    const findings: RawFinding[] = []
    for (const activity of persistenceActivities(model)) {
      const loop = nearestAncestor(activity, isSequentialForEach)
      if (loop === undefined) continue
      findings.push(
        findingAt(activity, `${activity.localName} inside the For Each "${activityLabel(loop)}".`),
      )
    }
    return findings
  },
})
