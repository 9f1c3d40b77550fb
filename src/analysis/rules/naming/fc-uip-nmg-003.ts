/**
 * FC-UIP-NMG-003 duplicate-display-name: two activities of one workflow share a display name.
 * Mirrors UiPath Workflow Analyzer ST-NMG-004. Doc: docs/rules/FC-UIP-NMG-003.md.
 */
import type { XamlNode } from '../../xaml/workflow-model.js'
import { defineRule, findingAt, type RawFinding } from '../rule.js'
import { stringListOption } from '../rule-options.js'
import {
  hasDefaultDisplayName,
  normalizeDisplayName,
  STUDIO_CONTAINER_NAMES,
} from '../support/default-display-names.js'
import { walkMainActivities } from '../support/main-activity.js'

export const duplicateDisplayNameRule = defineRule({
  ruleId: 'FC-UIP-NMG-003',
  name: 'duplicate-display-name',
  category: 'naming',
  severity: 'low',
  description: 'Several activities in the workflow have the same display name.',
  recommendation:
    'Give each activity a display name that says what this one does (e.g. "Read input file" and "Read mapping file"), so logs, error messages and reviews point at one place.',
  mirrors: ['ST-NMG-004'],
  options: {
    ignoredNames: stringListOption({
      default: STUDIO_CONTAINER_NAMES,
      description:
        'Display names never reported, compared case-insensitively: the names Studio gives the containers it creates itself (If branches, loop bodies, Try/Finally, the body of a Comment Out), in every Studio language of support/default-display-names.ts.',
    }),
  },
  check(model, { options }) {
    const ignored = new Set(options.ignoredNames.map((name) => normalizeDisplayName(name)))
    const firstByName = new Map<string, XamlNode>()
    const findings: RawFinding[] = []
    walkMainActivities(model, (activity) => {
      const name = activity.displayName === undefined ? '' : normalizeDisplayName(activity.displayName)
      // Missing and default names are FC-UIP-NMG-007's finding; reporting them here too would double-count.
      if (name === '' || ignored.has(name) || hasDefaultDisplayName(activity)) return
      const first = firstByName.get(name)
      if (first === undefined) {
        firstByName.set(name, activity)
        return
      }
      findings.push(
        findingAt(
          activity,
          `Display name "${activity.displayName?.trim()}" is also used at line ${first.line}.`,
        ),
      )
    })
    return findings
  },
})
