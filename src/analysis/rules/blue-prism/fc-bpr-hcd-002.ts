import type { BluePrismModel } from '../../blue-prism/blue-prism-model.js'
import { defineSubmissionRule } from '../rule.js'
import { stageFinding, stagesOf } from './blue-prism-findings.js'

/** A Windows path (drive or UNC) or an http(s) URL, as a whole initial value. */
const PATH_OR_URL = /^(?:[A-Za-z]:[\\/]|\\\\[^\\\s]+\\|https?:\/\/\S)/

/**
 * A text data item whose initial value is a file path or a URL: the process works on one machine
 * or one environment. Exposed (Environment) items are what Blue Prism offers instead, so they are
 * left out, as are Password items (FC-BPR-SEC-001).
 */
export const hardcodedPathOrUrlRule = defineSubmissionRule<BluePrismModel>({
  ruleId: 'FC-BPR-HCD-002',
  platform: 'blue-prism',
  name: 'hardcoded-path-or-url',
  category: 'hardcoded_value',
  severity: 'medium',
  description: 'A data item holds a file path or URL as its initial value.',
  recommendation:
    'Read paths and URLs from an environment variable (a data item exposed as Environment) or a configuration work queue, so each environment sets its own.',
  mirrors: [],
  checkSubmission(model) {
    const findings = []
    for (const { workflow, stage } of stagesOf(model)) {
      const data = stage.data
      if (data === null || data.dataType !== 'text' || data.exposure !== null || data.initialValue === null)
        continue
      if (!PATH_OR_URL.test(data.initialValue)) continue
      findings.push(stageFinding(workflow, stage, `Initial value ${data.initialValue}.`))
    }
    return findings
  },
})
