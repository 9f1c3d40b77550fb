/**
 * FC-UIP-ERR-001 empty-catch: a Catch with no handler activities swallows the exception.
 * Mirrors UiPath Workflow Analyzer ST-DBP-003. Doc: docs/rules/FC-UIP-ERR-001.md.
 */
import { activityLabel, defineRule, findingAt, type RawFinding } from '../rule.js'

export const emptyCatchRule = defineRule({
  ruleId: 'FC-UIP-ERR-001',
  name: 'empty-catch',
  category: 'error_handling',
  severity: 'high',
  description: 'Empty catch block: the exception is swallowed without logging or handling.',
  recommendation:
    'Log the exception (Log Message at Error level with the exception message) and rethrow, recover or set a status; remove the Catch if the exception should propagate.',
  mirrors: ['ST-DBP-003'],
  check(model) {
    const findings: RawFinding[] = []
    for (const tryCatch of model.tryCatches) {
      for (const caught of tryCatch.catches) {
        if (!caught.bodyEmpty) continue
        findings.push({
          ...findingAt(caught.node, `Catch of ${caught.exceptionTypeName} has no activities.`),
          activity: activityLabel(tryCatch.node),
        })
      }
    }
    return findings
  },
})
