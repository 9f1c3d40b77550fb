/**
 * FC-UIP-REL-010 non-allowed-selector-attribute: a selector uses an attribute that the policy does
 * not allow (for instance volatile ones such as `idx`, `tableRow`, `aaname` in a given
 * application). Reports nothing until a pack lists the attributes.
 * Mirrors UiPath Workflow Analyzer UI-USG-011. Doc: docs/rules/FC-UIP-REL-010.md.
 */
import { activityLabel, defineRule, type RawFinding } from '../rule.js'
import { stringListOption } from '../rule-options.js'

/** `<tag attr='…' attr2="…" />` elements of a selector, with their attribute names. */
const ELEMENT = /<\s*([A-Za-z][\w-]*)([^<>]*)>/g
const ATTRIBUTE = /([A-Za-z][\w-]*)\s*=\s*['"]/g

export const nonAllowedSelectorAttributeRule = defineRule({
  ruleId: 'FC-UIP-REL-010',
  name: 'non-allowed-selector-attribute',
  category: 'reliability',
  severity: 'medium',
  description: 'Selector uses an attribute that the policy does not allow.',
  recommendation:
    'Rebuild the selector from stable attributes (id, name, automationid, a label anchor) with the Selector Editor or UI Explorer, leaving out the attributes the policy lists.',
  mirrors: ['UI-USG-011'],
  options: {
    disallowedAttributes: stringListOption({
      default: [],
      description:
        'Selector attributes not allowed, case-insensitive: `attr` in any tag, or `tag.attr` in one tag (`webctrl.tableRow`).',
    }),
  },
  check(model, { options }) {
    if (options.disallowedAttributes.length === 0) return []
    const anyTag = new Set<string>()
    const inTag = new Set<string>()
    for (const entry of options.disallowedAttributes) {
      const lower = entry.toLowerCase()
      if (lower.includes('.')) inTag.add(lower)
      else anyTag.add(lower)
    }
    const findings: RawFinding[] = []
    for (const selector of model.selectors) {
      const found = new Set<string>()
      for (const element of selector.text.matchAll(ELEMENT)) {
        const tag = (element[1] as string).toLowerCase()
        for (const attribute of (element[2] as string).matchAll(ATTRIBUTE)) {
          const name = attribute[1] as string
          const lower = name.toLowerCase()
          if (anyTag.has(lower) || inTag.has(`${tag}.${lower}`)) found.add(`${tag} ${name}`)
        }
      }
      if (found.size === 0) continue
      const at = selector.activity ?? selector.node
      findings.push({
        line: selector.line,
        column: selector.column,
        activity: activityLabel(at),
        node: at,
        message: `The selector uses ${[...found].map((f) => f.replace(' ', '.')).join(', ')}.`,
      })
    }
    return findings
  },
})
