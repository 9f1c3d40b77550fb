import type { BluePrismModel, Stage } from '../../blue-prism/blue-prism-model.js'
import { defineSubmissionRule } from '../rule.js'
import { isDataItem, stageFinding } from './blue-prism-findings.js'

/** True when `reference` names the data item `name` (lower case): `[Name]`, `[Name.Field]` or `Name` itself. */
function refersTo(reference: string, name: string): boolean {
  const text = reference.toLowerCase()
  return text === name || text.includes(`[${name}]`) || text.includes(`[${name}.`)
}

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
      const references: Array<{ stage: Stage; reference: string }> = workflow.stages.flatMap((stage) =>
        stage.references.map((reference) => ({ stage, reference })),
      )
      for (const item of workflow.stages) {
        if (!isDataItem(item) || item.data?.exposure !== null || item.name.trim() === '') continue
        const name = item.name.trim().toLowerCase()
        const used = references.some(({ stage, reference }) => stage !== item && refersTo(reference, name))
        if (!used) findings.push(stageFinding(workflow, item))
      }
    }
    return findings
  },
})
