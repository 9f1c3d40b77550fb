/**
 * FC-UIP-SEC-005 personal-data-in-selector: a UI selector that contains a phone number, a US-style
 * national id or a payment-card number (Luhn-checked) — and, with `reportEmails`, an e-mail address
 * (off by default: FC-UIP-HCD-004 reports those). Only strong signals, to keep false positives low.
 * Mirrors UiPath Workflow Analyzer UI-SEC-004.
 * Doc: docs/rules/FC-UIP-SEC-005.md.
 */
import type { XamlNode } from '../../xaml/workflow-model.js'
import { activityLabel, defineRule, type RawFinding } from '../rule.js'
import { booleanOption, regexOption, stringListOption } from '../rule-options.js'

// One selector attribute: name='value' or name="value".
const SELECTOR_ATTRIBUTE = /([\w:-]+)\s*=\s*(?:'([^']*)'|"([^"]*)")/g
const DIGIT = /\d/g

/** Luhn checksum over the digits of `text` (separators ignored). */
function passesLuhn(text: string): boolean {
  const digits = text.match(DIGIT) ?? []
  if (digits.length < 13 || digits.length > 19) return false
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

/** A global copy of a (pack-supplied, usually non-global) regex, for matchAll. */
function globalOf(pattern: RegExp): RegExp {
  return pattern.flags.includes('g') ? pattern : new RegExp(pattern.source, `${pattern.flags}g`)
}

export const personalDataInSelectorRule = defineRule({
  ruleId: 'FC-UIP-SEC-005',
  name: 'personal-data-in-selector',
  category: 'security',
  severity: 'medium',
  description: 'A selector contains personal data (a phone, national id, card number or e-mail address).',
  recommendation:
    'Make the selector generic: wildcard the personal part (`*`) or bind it to a variable filled from the transaction data, so personal data is neither stored in the project nor tied to one person.',
  mirrors: ['UI-SEC-004'],
  options: {
    reportEmails: booleanOption({
      default: false,
      description:
        'Also report e-mail addresses. Off by default because FC-UIP-HCD-004 (hardcoded-email-address) already reports addresses in selectors; turn it on in packs without that rule',
    }),
    emailPattern: regexOption({
      default: String.raw`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`,
      flags: 'u',
      description: 'An e-mail address, searched in every selector attribute value',
    }),
    phonePattern: regexOption({
      default: String.raw`(?<![\w.])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]\d{2,4}){1,4}|\(\d{3}\) ?\d{3}-\d{4}|\d{3}-\d{3}-\d{4})(?![\w.])`,
      flags: 'u',
      description:
        'A phone number in international (`+44 20 7946 0958`) or North-American (`(555) 123-4567`, `555-123-4567`) form',
    }),
    nationalIdPattern: regexOption({
      default: String.raw`(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])`,
      flags: 'u',
      description: 'A national id number (default: US SSN `123-45-6789`)',
    }),
    cardNumberPattern: regexOption({
      default: String.raw`(?<![\w.])\d{4}(?:[ -]?\d{4}){2}[ -]?\d{1,7}(?![\w.])`,
      flags: 'u',
      description:
        '13–19 digit payment-card candidates; a candidate is reported only when it also passes the Luhn check',
    }),
    technicalAttributes: stringListOption({
      default: [
        'idx',
        'hwnd',
        'pid',
        'tid',
        'ctrlid',
        'cls',
        'class',
        'automationid',
        'id',
        'parentid',
        'css-selector',
        'tag',
        'app',
        'url',
      ],
      description:
        'Selector attributes whose numbers are technical (window handles, generated ids): numbers there are ignored, e-mail addresses are still reported',
    }),
  },
  check(model, { options }) {
    const cardCandidates = globalOf(options.cardNumberPattern) // compiled once per file
    const technical = new Set(options.technicalAttributes.map((name) => name.toLowerCase()))
    const findings: RawFinding[] = []
    // A target usually carries the same text in several selectors (Full, Fuzzy): report each node once.
    const reported = new Set<XamlNode>()
    for (const selector of model.selectors) {
      if (reported.has(selector.node)) continue
      const kinds: string[] = []
      const add = (kind: string): void => {
        if (!kinds.includes(kind)) kinds.push(kind)
      }
      for (const attribute of selector.text.matchAll(SELECTOR_ATTRIBUTE)) {
        const name = (attribute[1] ?? '').toLowerCase()
        const value = attribute[2] ?? attribute[3] ?? ''
        if (value === '') continue
        if (options.reportEmails && options.emailPattern.test(value)) add('an e-mail address')
        if (technical.has(name)) continue
        if (options.nationalIdPattern.test(value)) add('a national id number')
        if ([...value.matchAll(cardCandidates)].some((m) => passesLuhn(m[0]))) add('a payment-card number')
        else if (options.phonePattern.test(value)) add('a phone number')
      }
      if (kinds.length === 0) continue
      reported.add(selector.node)
      findings.push({
        line: selector.line,
        column: selector.column,
        activity: activityLabel(selector.activity ?? selector.node),
        message: `${selector.kind} contains ${kinds.join(' and ')}.`,
      })
    }
    return findings
  },
})
