/**
 * FC-UIP-DOC-002 argument-without-annotation: a workflow argument has no annotation (the text
 * Studio shows as the argument's tooltip in Invoke Workflow File).
 * No UiPath Workflow Analyzer equivalent. Doc: docs/rules/FC-UIP-DOC-002.md.
 */
import { activityLabel, defineRule, type RawFinding } from '../rule.js'
import { integerOption } from '../rule-options.js'

export const argumentWithoutAnnotationRule = defineRule({
  ruleId: 'FC-UIP-DOC-002',
  name: 'argument-without-annotation',
  category: 'documentation',
  severity: 'low',
  description: 'Argument has no annotation describing its meaning.',
  recommendation:
    'Add an annotation to the argument in the Arguments panel: what it holds, its expected format or units, and whether it is optional (e.g. "Path to the folder where the screenshot is saved.").',
  mirrors: [],
  options: {
    minAnnotationLength: integerOption({
      default: 1,
      min: 1,
      description: 'Shortest annotation that counts, in characters after trimming whitespace.',
    }),
  },
  check(model, { options }) {
    const main = model.rootActivity
    const label = main ? activityLabel(main) : (model.className ?? model.root.type)
    const findings: RawFinding[] = []
    for (const argument of model.arguments) {
      if ((argument.annotation?.trim().length ?? 0) >= options.minAnnotationLength) continue
      findings.push({
        line: argument.line,
        column: argument.column,
        activity: label,
        message: `Argument "${argument.name}" has no annotation.`,
      })
    }
    return findings
  },
})
