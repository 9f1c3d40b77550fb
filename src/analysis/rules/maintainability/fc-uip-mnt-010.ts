/**
 * FC-UIP-MNT-010 multiple-flowchart-layers: a Flowchart nested inside another Flowchart of the
 * same workflow (at any depth, through Sequences, Ifs or flow steps).
 * Mirrors UiPath Workflow Analyzer ST-DBP-007. Doc: docs/rules/FC-UIP-MNT-010.md.
 */
import { XAML_NS } from '../../xaml/index.js'
import { activityAncestors } from '../../xaml/model-queries.js'
import type { XamlNode } from '../../xaml/workflow-model.js'
import { activityLabel, defineRule, findingAt, type RawFinding } from '../rule.js'
import { integerOption } from '../rule-options.js'

const isFlowchart = (node: XamlNode): boolean =>
  node.localName === 'Flowchart' && node.namespaceUri === XAML_NS.activities

export const multipleFlowchartLayersRule = defineRule({
  ruleId: 'FC-UIP-MNT-010',
  name: 'multiple-flowchart-layers',
  category: 'maintainability',
  severity: 'low',
  description: 'Flowchart nested inside another Flowchart.',
  recommendation:
    'Keep one Flowchart layer per workflow: move the inner Flowchart into its own workflow file and invoke it, or make it a Sequence.',
  mirrors: ['ST-DBP-007'],
  options: {
    maxLayers: integerOption({
      default: 1,
      min: 1,
      description: 'Flowchart layers allowed in one workflow (1 = no Flowchart inside a Flowchart).',
    }),
  },
  check(model, { options }) {
    const findings: RawFinding[] = []
    for (const activity of model.activities) {
      if (!isFlowchart(activity)) continue
      const outer = activityAncestors(activity).filter(isFlowchart)
      if (outer.length < options.maxLayers) continue
      const parent = outer[0] as XamlNode
      findings.push(
        findingAt(
          activity,
          `Flowchart layer ${outer.length + 1}, inside the Flowchart "${activityLabel(parent)}".`,
        ),
      )
    }
    return findings
  },
})
