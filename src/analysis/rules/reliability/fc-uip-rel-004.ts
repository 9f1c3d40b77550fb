/**
 * FC-UIP-REL-004 large-selector-idx: a selector that picks its element by position, with an
 * `idx` above a threshold. Mirrors UiPath Workflow Analyzer UI-REL-001. Doc: docs/rules/FC-UIP-REL-004.md.
 */
import { activityLabel, defineRule, type RawFinding } from '../rule.js'
import { integerOption } from '../rule-options.js'

// idx='3', idx="3", idx=3 (expressions may build the selector with either quote).
const IDX = /\bidx\s*=\s*['"]?(\d+)/gi

export const largeSelectorIdxRule = defineRule({
  ruleId: 'FC-UIP-REL-004',
  name: 'large-selector-idx',
  category: 'reliability',
  severity: 'medium',
  description: 'Selector identifies its element by a large idx (position) value.',
  recommendation:
    'Replace idx with stable attributes of the element (name, aaname, automationid, id) or an anchor, so the selector does not break when elements are added or reordered.',
  mirrors: ['UI-REL-001'],
  options: {
    maxIdx: integerOption({
      default: 1,
      min: 0,
      description: 'Largest idx value accepted; a selector with an idx above it is reported.',
    }),
  },
  check(model, { options }) {
    const findings: RawFinding[] = []
    for (const selector of model.selectors) {
      // One finding per selector, for its largest idx.
      let largest = -1
      for (const match of selector.text.matchAll(IDX)) {
        const value = Number(match[1])
        if (value > largest) largest = value
      }
      if (largest <= options.maxIdx) continue
      findings.push({
        line: selector.line,
        column: selector.column,
        activity: activityLabel(selector.activity ?? selector.node),
        message: `${selector.kind} uses idx='${largest}' (more than ${options.maxIdx}).`,
      })
    }
    return findings
  },
})
