import type { BluePrismModel } from '../../blue-prism/blue-prism-model.js'
import { defineSubmissionRule } from '../rule.js'
import {
  isDataItem,
  isSecretName,
  masked,
  stageFinding,
  stagesOf,
  textLiteral,
} from './blue-prism-findings.js'

/**
 * A credential's value written into the workflow: a text data item named like a secret with an
 * initial value, or a Calculation storing a text literal into such an item. (Password data items
 * with an initial value are FC-BPR-SEC-001.)
 */
export const credentialValueInWorkflowRule = defineSubmissionRule<BluePrismModel>({
  ruleId: 'FC-BPR-HCD-001',
  platform: 'blue-prism',
  name: 'credential-value-in-workflow',
  category: 'hardcoded_value',
  severity: 'critical',
  description:
    'A credential value (password, secret, token or key) is written into a data item or a calculation.',
  recommendation:
    'Store the secret in a Blue Prism Credential and read it at run time with the Credentials business object into a Password data item.',
  mirrors: [],
  checkSubmission(model) {
    const findings = []
    const secretItems = new Map<string, Set<string>>()
    for (const { workflow, stage } of stagesOf(model)) {
      if (!isDataItem(stage) || !isSecretName(stage.name)) continue
      const names = secretItems.get(workflow.path + workflow.name) ?? new Set<string>()
      names.add(stage.name.toLowerCase())
      secretItems.set(workflow.path + workflow.name, names)
      const data = stage.data
      if (data === null || data.dataType !== 'text' || data.initialValue === null) continue
      findings.push(stageFinding(workflow, stage, `Initial value ${masked(data.initialValue)}.`))
    }
    for (const { workflow, stage } of stagesOf(model)) {
      const names = secretItems.get(workflow.path + workflow.name)
      if (names === undefined) continue
      for (const step of stage.calculations) {
        const literal = textLiteral(step.expression)
        if (literal === undefined || literal === '' || !names.has(step.target.toLowerCase())) continue
        findings.push(stageFinding(workflow, stage, `Stores ${masked(literal)} in [${step.target}].`))
      }
    }
    return findings
  },
})
