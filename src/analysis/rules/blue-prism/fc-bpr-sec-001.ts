import type { BluePrismModel } from '../../blue-prism/blue-prism-model.js'
import { defineSubmissionRule } from '../rule.js'
import { masked, stageFinding, stagesOf } from './blue-prism-findings.js'

/** A Password data item with an initial value: the secret is stored in the release, readable by anyone with it. */
export const passwordWithInitialValueRule = defineSubmissionRule<BluePrismModel>({
  ruleId: 'FC-BPR-SEC-001',
  platform: 'blue-prism',
  name: 'password-with-initial-value',
  category: 'security',
  severity: 'critical',
  description: 'A Password data item has an initial value: the secret is stored in the process or object.',
  recommendation:
    'Leave the initial value empty and read the secret at run time from a Credential (the Credentials business object).',
  mirrors: [],
  checkSubmission(model) {
    const findings = []
    for (const { workflow, stage } of stagesOf(model)) {
      if (stage.data?.dataType !== 'password' || stage.data.initialValue === null) continue
      // The message shows the value masked (its length only); no value goes into the fingerprint.
      findings.push(stageFinding(workflow, stage, `Initial value ${masked(stage.data.initialValue)}.`))
    }
    return findings
  },
})
