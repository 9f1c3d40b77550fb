/**
 * FC-UIP-MNT-009 unreachable-flowchart-node: a Flowchart node that no path from the Start node
 * reaches. Mirrors UiPath Workflow Analyzer ST-MRD-004 (Unreachable Activities).
 * Doc: docs/rules/FC-UIP-MNT-009.md.
 */
import { activityLabel, defineRule, findingAt, type RawFinding } from '../rule.js'

export const unreachableFlowchartNodeRule = defineRule({
  ruleId: 'FC-UIP-MNT-009',
  name: 'unreachable-flowchart-node',
  category: 'maintainability',
  severity: 'medium',
  description: 'Flowchart node that can never run: no path from the Start node reaches it.',
  recommendation:
    'Connect the node to the flow where it belongs, or delete it; keep removed logic in source control, not as disconnected nodes.',
  mirrors: ['ST-MRD-004'],
  check(model) {
    const findings: RawFinding[] = []
    for (const flowchart of model.flowcharts) {
      const chart = activityLabel(flowchart.node)
      for (const flowNode of flowchart.nodes) {
        if (flowNode.reachable) continue
        // Label with what the designer shows: the step's activity, else the decision/switch itself.
        const shown = flowNode.action ?? flowNode.node
        findings.push({
          ...findingAt(
            flowNode.node,
            `${flowNode.node.type} is not reachable from the Start node of ${chart}.`,
          ),
          activity: activityLabel(shown),
        })
      }
    }
    return findings
  },
})
