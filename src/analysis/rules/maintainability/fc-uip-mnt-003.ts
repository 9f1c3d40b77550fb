/**
 * FC-UIP-MNT-003 nested-ifs: If activities nested inside too many other Ifs.
 * Mirrors UiPath Workflow Analyzer ST-MRD-007 (Nested If Clauses). Doc: docs/rules/FC-UIP-MNT-003.md.
 */
import type { XamlNode } from '../../xaml/workflow-model.js'
import { XAML_NS } from '../../xaml/xaml-names.js'
import { defineRule, findingAt, type RawFinding } from '../rule.js'
import { integerOption } from '../rule-options.js'

function isIf(node: XamlNode): boolean {
  return node.localName === 'If' && node.namespaceUri === XAML_NS.activities
}

export const nestedIfsRule = defineRule({
  ruleId: 'FC-UIP-MNT-003',
  name: 'nested-ifs',
  category: 'maintainability',
  severity: 'low',
  description: 'If activities are nested too deeply.',
  recommendation:
    'Replace the nested Ifs with a Switch, a Flowchart with Flow Decisions, guard clauses that exit early, or a single combined condition.',
  mirrors: ['ST-MRD-007'],
  options: {
    maxNestedIfs: integerOption({
      default: 3,
      min: 1,
      description:
        'Largest number of If activities allowed in one chain of nesting (an If inside the Then or Else of another If, at any depth); the next one is reported (UiPath default: 3).',
    }),
  },
  check(model, { options }) {
    const findings: RawFinding[] = []
    const start = model.root.kind === 'activity' ? [model.root] : model.root.children
    // Depth-first with the number of enclosing Ifs; stop below a reported If (one finding per chain).
    const stack: { node: XamlNode; ifs: number }[] = []
    for (let i = start.length - 1; i >= 0; i--) stack.push({ node: start[i] as XamlNode, ifs: 0 })
    while (stack.length > 0) {
      const { node, ifs } = stack.pop() as { node: XamlNode; ifs: number }
      const level = isIf(node) ? ifs + 1 : ifs
      if (level > options.maxNestedIfs) {
        findings.push(
          findingAt(node, `If nested ${level} levels deep; the limit is ${options.maxNestedIfs}.`),
        )
        continue
      }
      const children = node.children
      for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i] as XamlNode, ifs: level })
    }
    return findings
  },
})
