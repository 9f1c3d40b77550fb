import type { BluePrismModel } from '../../blue-prism/blue-prism-model.js'
import { defineSubmissionRule } from '../rule.js'
import { stageFinding, stagesOf } from './blue-prism-findings.js'

/** An Exception stage that throws with no type or no detail (a rethrow of the current exception is fine). */
export const exceptionWithoutTypeOrDetailRule = defineSubmissionRule<BluePrismModel>({
  ruleId: 'FC-BPR-ERR-003',
  platform: 'blue-prism',
  name: 'exception-without-type-or-detail',
  category: 'error_handling',
  severity: 'medium',
  description: 'An Exception stage throws without an exception type or without a detail.',
  recommendation:
    'Give every Exception stage a type (System Exception, Business Exception…) and a detail that says what failed, or tick "preserve the current exception" to rethrow.',
  mirrors: [],
  checkSubmission(model) {
    const findings = []
    for (const { workflow, stage } of stagesOf(model)) {
      const exception = stage.exception
      if (exception === null || exception.useCurrent) continue
      const missing = [
        ...(exception.type.trim() === '' ? ['type'] : []),
        ...(exception.detail.trim() === '' || exception.detail.trim() === '""' ? ['detail'] : []),
      ]
      if (missing.length > 0) findings.push(stageFinding(workflow, stage, `No ${missing.join(' and no ')}.`))
    }
    return findings
  },
})
