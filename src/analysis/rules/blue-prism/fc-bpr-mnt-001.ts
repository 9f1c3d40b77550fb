import type { BluePrismModel } from '../../blue-prism/blue-prism-model.js'
import { defineSubmissionRule } from '../rule.js'
import { isDataItem, stageFinding } from './blue-prism-findings.js'

/**
 * A data item no stage reads or writes (by `[Name]` in an expression, or as the item an output,
 * a calculation, a loop or a Start/End parameter maps). Exposed items (Environment, Session,
 * Statistic) are read from outside the workflow and left out.
 */
export const unusedDataItemRule = defineSubmissionRule<BluePrismModel>({
  ruleId: 'FC-BPR-MNT-001',
  platform: 'blue-prism',
  name: 'unused-data-item',
  category: 'maintainability',
  severity: 'low',
  description: 'A data item is never read or written by any stage.',
  recommendation: 'Delete the data item, or use it where it was meant to be used.',
  mirrors: [],
  checkSubmission(model) {
    const findings = []
    for (const workflow of model.workflows) {
      // Every reference of the workflow, lower-cased once: as a whole (an output's `stage="Name"`)
      // and inside expressions (`[Name]`, `[Name.Field]`). A data item's own stage holds no
      // reference to itself (its name, type and initial value are not references).
      const references = workflow.stages.flatMap((stage) =>
        stage.references.map((text) => text.toLowerCase()),
      )
      const whole = new Set(references)
      const text = references.join('\n')
      for (const item of workflow.stages) {
        if (!isDataItem(item) || item.data?.exposure !== null || item.name.trim() === '') continue
        const name = item.name.trim().toLowerCase()
        const used = whole.has(name) || text.includes(`[${name}]`) || text.includes(`[${name}.`)
        if (!used) findings.push(stageFinding(workflow, item))
      }
    }
    return findings
  },
})
