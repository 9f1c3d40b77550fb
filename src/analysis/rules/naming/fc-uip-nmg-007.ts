/**
 * FC-UIP-NMG-007 default-display-name: an activity still shows the display name Studio gave it
 * ("Assign", "Sequence", "Type Into"), or has none, which the designer shows as that default.
 * Mirrors UiPath Workflow Analyzer ST-MRD-002. Doc: docs/rules/FC-UIP-NMG-007.md.
 */
import { defineRule, findingAt, type RawFinding } from '../rule.js'
import { booleanOption, stringListOption } from '../rule-options.js'
import { DEFAULT_DISPLAY_NAMES, normalizeDisplayName } from '../support/default-display-names.js'
import { walkMainActivities } from '../support/main-activity.js'

/** The resolved options of one pack entry → its table of defaults (built once per pack, not per file). */
const DEFAULTS_BY_OPTIONS = new WeakMap<object, Map<string, Set<string>>>()

function defaultsFor(options: {
  readonly ignoreCase: boolean
  readonly ignoredTypes: readonly string[]
  readonly additionalDefaults: readonly string[]
}): Map<string, Set<string>> {
  const cached = DEFAULTS_BY_OPTIONS.get(options)
  if (cached !== undefined) return cached
  const normalize = (name: string) => normalizeDisplayName(name, options.ignoreCase)
  const defaults = new Map<string, Set<string>>()
  for (const [type, names] of DEFAULT_DISPLAY_NAMES) defaults.set(type, new Set(names.map(normalize)))
  for (const entry of options.additionalDefaults) {
    const at = entry.indexOf('=')
    if (at <= 0) continue // malformed entries are ignored rather than failing every analysis
    const type = entry.slice(0, at).trim()
    const name = normalize(entry.slice(at + 1))
    if (name === '') continue
    const names = defaults.get(type) ?? new Set<string>()
    names.add(name)
    defaults.set(type, names)
  }
  for (const type of options.ignoredTypes) defaults.delete(type)
  DEFAULTS_BY_OPTIONS.set(options, defaults)
  return defaults
}

export const defaultDisplayNameRule = defineRule({
  ruleId: 'FC-UIP-NMG-007',
  name: 'default-display-name',
  category: 'naming',
  severity: 'low',
  description: 'Activity keeps its default display name.',
  recommendation:
    'Rename the activity to say what it does in this workflow ("Assign" → "Increment retry counter", "Type Into" → "Type invoice number"); logs and error messages show display names.',
  mirrors: ['ST-MRD-002'],
  options: {
    reportMissingDisplayName: booleanOption({
      default: true,
      description:
        'Report activities of a known type that have no DisplayName at all (Studio then shows the default name).',
    }),
    ignoreCase: booleanOption({
      default: false,
      description:
        'Compare names case-insensitively, so "Try catch" counts as the default "Try Catch" (Studio compares exactly).',
    }),
    ignoredTypes: stringListOption({
      default: [],
      description: 'Canonical activity types never reported (`Sequence`, `ui:Comment`, `uix:NClick`).',
    }),
    additionalDefaults: stringListOption({
      default: [],
      description:
        'Extra default names as `type=Display Name` entries (`ui:ReadPDFText=Read PDF Text`), for activity packages the built-in list does not know.',
    }),
  },
  check(model, { options }) {
    const normalize = (name: string) => normalizeDisplayName(name, options.ignoreCase)
    const defaults = defaultsFor(options)
    const findings: RawFinding[] = []
    walkMainActivities(model, (activity) => {
      const names = defaults.get(activity.type)
      if (names === undefined) return
      const shown = activity.displayName?.trim() ?? ''
      if (shown === '') {
        if (options.reportMissingDisplayName) {
          findings.push(
            findingAt(activity, `${activity.type} has no display name (Studio shows its default).`),
          )
        }
        return
      }
      if (names.has(normalize(shown))) {
        findings.push(findingAt(activity, `${activity.type} still has its default display name "${shown}".`))
      }
    })
    return findings
  },
})
