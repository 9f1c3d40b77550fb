/**
 * FC-UIP-DOC-001 workflow-without-annotation: the workflow's main activity (the top-level
 * Sequence, Flowchart or State Machine) has no annotation saying what the workflow does.
 * No UiPath Workflow Analyzer equivalent. Doc: docs/rules/FC-UIP-DOC-001.md.
 */
import { activityLabel, defineRule } from '../rule.js'
import { booleanOption, integerOption } from '../rule-options.js'

export const workflowWithoutAnnotationRule = defineRule({
  ruleId: 'FC-UIP-DOC-001',
  name: 'workflow-without-annotation',
  category: 'documentation',
  severity: 'low',
  description: 'Workflow has no annotation describing what it does.',
  recommendation:
    "Annotate the top-level activity (right-click > Annotations > Add Annotation) with the workflow's purpose, its pre- and post-conditions and what its arguments mean, as the REFramework's workflows do.",
  mirrors: [],
  options: {
    minAnnotationLength: integerOption({
      default: 1,
      min: 1,
      description: 'Shortest annotation that counts, in characters after trimming whitespace.',
    }),
    leadingCommentCounts: booleanOption({
      default: true,
      description:
        "A Comment activity that is the main activity's first activity counts as the workflow's description (UiPath's own samples document workflows so).",
    }),
  },
  check(model, { options }) {
    const main = model.rootActivity
    // A workflow with no activity at all is the empty-workflow problem, not a documentation one.
    if (main === undefined) return []
    // Studio stores the workflow annotation on the main activity; some tools write it on the root.
    const first = main.children[0]
    const leadingComment =
      options.leadingCommentCounts && first?.type === 'ui:Comment'
        ? first.attributes.get('Text')?.value
        : undefined
    for (const text of [main.annotation, model.root.annotation, leadingComment]) {
      if (text !== undefined && text.trim().length >= options.minAnnotationLength) return []
    }
    return [
      {
        line: main.line,
        column: main.column,
        activity: activityLabel(main),
        message: `${main.type} "${activityLabel(main)}" has no annotation.`,
      },
    ]
  },
})
