import type { BluePrismModel } from '../../blue-prism/blue-prism-model.js'
import { defineSubmissionRule } from '../rule.js'
import { stageFinding, stagesOf } from './blue-prism-findings.js'

/** A Wait stage with no condition: a fixed sleep, too short on a slow day and wasted on a fast one. */
export const fixedWaitRule = defineSubmissionRule<BluePrismModel>({
  ruleId: 'FC-BPR-REL-001',
  platform: 'blue-prism',
  name: 'fixed-wait',
  category: 'reliability',
  severity: 'medium',
  description: 'A Wait stage waits a fixed time instead of for a condition on the application.',
  recommendation:
    'Wait for an element to exist, be visible or hold a value (a Wait stage with a condition and a timeout exception), not for a number of seconds.',
  mirrors: [],
  checkSubmission(model) {
    const findings = []
    for (const { workflow, stage } of stagesOf(model)) {
      if (stage.wait === null || stage.wait.conditions > 0) continue
      const timeout = stage.wait.timeout === '' ? 'no timeout' : `timeout ${stage.wait.timeout}`
      findings.push(stageFinding(workflow, stage, `No condition; ${timeout}.`))
    }
    return findings
  },
})
