/**
 * FC-UIP-MNT-007 if-empty-then: an If whose Then branch has no activity (an empty If, or one that
 * works only in Else). Mirrors UiPath Workflow Analyzer ST-MRD-017 (Incomplete If).
 * Doc: docs/rules/FC-UIP-MNT-007.md.
 */
import { isEmptyContainer } from '../../xaml/model-queries.js'
import type { XamlNode, XamlProperty } from '../../xaml/workflow-model.js'
import { XAML_NS } from '../../xaml/xaml-names.js'
import { defineRule, findingAt, type RawFinding } from '../rule.js'

/** True when a branch (`If.Then` / `If.Else`) holds no activity, or only an empty container. */
function branchIsEmpty(branch: XamlProperty | undefined): boolean {
  if (branch === undefined) return true
  for (const value of branch.values) {
    if (value.kind === 'activity') return isEmptyContainer(value)
    const inner: XamlNode | undefined = value.children[0]
    if (inner !== undefined) return isEmptyContainer(inner)
  }
  return true
}

export const ifEmptyThenRule = defineRule({
  ruleId: 'FC-UIP-MNT-007',
  name: 'if-empty-then',
  category: 'maintainability',
  severity: 'medium',
  description: 'If activity with an empty Then branch.',
  recommendation:
    'Remove an If that does nothing; when only Else has activities, negate the condition and move them to Then.',
  mirrors: ['ST-MRD-017'],
  check(model) {
    const findings: RawFinding[] = []
    for (const activity of model.activities) {
      if (activity.localName !== 'If' || activity.namespaceUri !== XAML_NS.activities) continue
      if (!branchIsEmpty(activity.properties.get('Then'))) continue
      const elseEmpty = branchIsEmpty(activity.properties.get('Else'))
      findings.push(
        findingAt(
          activity,
          elseEmpty ? 'If has no activities in Then or Else.' : 'If has activities only in Else.',
        ),
      )
    }
    return findings
  },
})
