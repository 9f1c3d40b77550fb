/**
 * FC-UIP-MNT-004 empty-sequence-or-workflow: an empty Sequence (or other container), or a workflow
 * file with no activity at all. Mirrors UiPath Workflow Analyzer ST-MRD-008 (Empty Sequence) and
 * ST-DBP-023 (Empty Workflow). Doc: docs/rules/FC-UIP-MNT-004.md.
 */
import { isEmptyContainer } from '../../xaml/model-queries.js'
import type { XamlNode } from '../../xaml/workflow-model.js'
import { XAML_NS } from '../../xaml/xaml-names.js'
import { defineRule, findingAt, type RawFinding } from '../rule.js'
import { stringListOption } from '../rule-options.js'

function isIf(node: XamlNode | undefined): node is XamlNode {
  return node !== undefined && node.localName === 'If' && node.namespaceUri === XAML_NS.activities
}

export const emptySequenceOrWorkflowRule = defineRule({
  ruleId: 'FC-UIP-MNT-004',
  name: 'empty-sequence-or-workflow',
  category: 'maintainability',
  severity: 'low',
  description: 'Empty sequence or empty workflow.',
  recommendation:
    'Remove the empty container, or the whole file if the workflow does nothing; if it is a placeholder for work still to come, implement it before release.',
  mirrors: ['ST-MRD-008', 'ST-DBP-023'],
  options: {
    containerTypes: stringListOption({
      default: ['Sequence', 'Parallel', 'Flowchart', 'StateMachine'],
      description:
        'Container activities (of the Workflow Foundation namespace) reported when they hold no activity, flow node or state; the workflow itself is reported as empty whatever this list says.',
    }),
  },
  check(model, { options }) {
    const findings: RawFinding[] = []
    const root = model.rootActivity
    // ST-DBP-023: a file with no activity, or whose main activity is an empty container.
    if (root === undefined) {
      return [
        {
          ...findingAt(model.root, 'The workflow has no activities.'),
          activity: model.className ?? 'Activity',
        },
      ]
    }
    if (isEmptyContainer(root)) return [findingAt(root, `The workflow's ${root.type} has no activities.`)]

    const types = new Set(options.containerTypes)
    // Empty catch handlers are FC-UIP-ERR-001's findings: do not report them twice.
    const catchBodies = new Set<XamlNode>()
    for (const tryCatch of model.tryCatches) {
      for (const caught of tryCatch.catches) if (caught.body !== undefined) catchBodies.add(caught.body)
    }
    for (const activity of model.activities) {
      if (activity === root || !types.has(activity.localName) || !isEmptyContainer(activity)) continue
      if (catchBodies.has(activity)) continue
      // An If's own branches: an empty Then is FC-UIP-MNT-007's finding, and an empty Else is the
      // placeholder Sequence that Studio's If designer creates for every branch (it changes nothing).
      if (isIf(activity.parent) && (activity.inProperty === 'Then' || activity.inProperty === 'Else'))
        continue
      findings.push(findingAt(activity, `${activity.type} has no activities.`))
    }
    return findings
  },
})
