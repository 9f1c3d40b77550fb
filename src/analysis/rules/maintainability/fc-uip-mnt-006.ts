/**
 * FC-UIP-MNT-006 redundant-sequence: a Sequence that wraps a single activity, declares no variables
 * and sits directly in another Sequence. Mirrors UiPath Workflow Analyzer ST-MRD-005 (Redundant
 * Sequences). Doc: docs/rules/FC-UIP-MNT-006.md.
 */
import type { XamlNode } from '../../xaml/workflow-model.js'
import { XAML_NS } from '../../xaml/xaml-names.js'
import { defineRule, findingAt, type RawFinding } from '../rule.js'
import { booleanOption, regexOption } from '../rule-options.js'

function isSequence(node: XamlNode | undefined): node is XamlNode {
  return node !== undefined && node.localName === 'Sequence' && node.namespaceUri === XAML_NS.activities
}

function declaresVariables(node: XamlNode): boolean {
  return (node.properties.get('Variables')?.values ?? []).some((value) => value.kind === 'variable')
}

export const redundantSequenceRule = defineRule({
  ruleId: 'FC-UIP-MNT-006',
  name: 'redundant-sequence',
  category: 'maintainability',
  severity: 'low',
  description: 'Redundant sequence: it wraps a single activity inside another sequence.',
  recommendation:
    'Remove the surrounding Sequence (Studio: right-click > Remove Surrounding Sequence) and keep its activity in the outer Sequence.',
  mirrors: ['ST-MRD-005'],
  options: {
    ignoreNamedSequences: booleanOption({
      default: true,
      description:
        'Do not report a Sequence that carries information of its own: an annotation, or a DisplayName other than the default (see `defaultDisplayName`), such as the "... Given / ... When / ... Then" sections of UiPath test cases.',
    }),
    defaultDisplayName: regexOption({
      default: '^\\s*(Sequence(\\s*\\d+)?)?\\s*$',
      flags: 'iu',
      description: 'DisplayNames that count as "not named" (Studio\'s default `Sequence`, empty)',
    }),
  },
  check(model, { options }) {
    const findings: RawFinding[] = []
    for (const activity of model.activities) {
      if (!isSequence(activity) || activity.children.length !== 1) continue
      // Directly in another Sequence's content: not a body (ForEach, Catch, If.Then), where the
      // Sequence is the only way to hold several activities later, and not a Flowchart step.
      const parent = activity.parent
      if (!isSequence(parent) || activity.inProperty !== undefined) continue
      // A Sequence that scopes variables is doing work: removing it would widen their scope.
      if (declaresVariables(activity)) continue
      if (
        options.ignoreNamedSequences &&
        (activity.annotation !== undefined || !options.defaultDisplayName.test(activity.displayName ?? ''))
      )
        continue
      const only = activity.children[0] as XamlNode
      findings.push(findingAt(activity, `Sequence holds only ${only.displayName?.trim() || only.type}.`))
    }
    return findings
  },
})
