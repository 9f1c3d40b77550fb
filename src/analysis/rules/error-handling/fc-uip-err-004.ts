/**
 * FC-UIP-ERR-004 try-without-catch-or-finally: a Try Catch with neither a Catch nor a Finally — it
 * handles nothing, reads as if errors were handled, and Studio refuses to run it.
 * Doc: docs/rules/FC-UIP-ERR-004.md.
 */
import { defineRule, findingAt, type RawFinding } from '../rule.js'

export const tryWithoutCatchOrFinallyRule = defineRule({
  ruleId: 'FC-UIP-ERR-004',
  name: 'try-without-catch-or-finally',
  category: 'error_handling',
  severity: 'medium',
  description: 'Try Catch with no Catch and no Finally.',
  recommendation:
    'Add a Catch for the exceptions you can handle (log and rethrow, or recover) or a Finally for clean-up; if neither is needed, remove the Try Catch and keep its Try activities.',
  mirrors: [],
  check(model) {
    const findings: RawFinding[] = []
    for (const tryCatch of model.tryCatches) {
      if (tryCatch.catches.length > 0 || tryCatch.finallyBody !== undefined) continue
      findings.push(findingAt(tryCatch.node, 'The Try Catch has no Catch and no Finally.'))
    }
    return findings
  },
})
