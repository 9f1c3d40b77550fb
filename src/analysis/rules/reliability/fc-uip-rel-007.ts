/**
 * FC-UIP-REL-007 open-application-for-browser: a classic Open Application activity whose FileName
 * starts a web browser (chrome.exe, msedge.exe, firefox.exe, iexplore.exe, …).
 * Mirrors UiPath Workflow Analyzer UI-PRR-003. Doc: docs/rules/FC-UIP-REL-007.md.
 */
import { XAML_NS } from '../../xaml/index.js'
import type { XamlNode } from '../../xaml/workflow-model.js'
import { defineRule, findingAt, type RawFinding } from '../rule.js'
import { stringListOption } from '../rule-options.js'

export const openApplicationForBrowserRule = defineRule({
  ruleId: 'FC-UIP-REL-007',
  name: 'open-application-for-browser',
  category: 'reliability',
  severity: 'low',
  description: 'Open Application starts a web browser.',
  recommendation:
    'Use Open Browser (or Use Application/Browser) for web pages: it attaches the browser extension, waits for the page and gives a browser selector; Open Application only starts a process and waits for a window.',
  mirrors: ['UI-PRR-003'],
  options: {
    browserExecutables: stringListOption({
      default: ['chrome.exe', 'msedge.exe', 'firefox.exe', 'iexplore.exe', 'opera.exe', 'brave.exe'],
      description: 'Executable names (case-insensitive) that are web browsers.',
    }),
  },
  check(model, { options }) {
    const browsers = options.browserExecutables.map((name) => name.toLowerCase())
    const findings: RawFinding[] = []
    // Literals, then expressions, read in place: no list of every value of the file is built for
    // the few that set an Open Application's FileName.
    const check = (owner: XamlNode | undefined, property: string | undefined, value: string): void => {
      if (owner?.localName !== 'OpenApplication' || owner.namespaceUri !== XAML_NS.ui) return
      if (property !== 'FileName') return
      const text = value.toLowerCase()
      const browser = browsers.find((name) => new RegExp(`(^|[\\\\/"'\\s])${escapeRegExp(name)}`).test(text))
      if (browser !== undefined) findings.push(findingAt(owner, `FileName starts ${browser}.`))
    }
    for (const literal of model.literals) check(literal.owner, literal.property, literal.value)
    for (const expression of model.expressions) check(expression.owner, expression.property, expression.text)
    return findings
  },
})

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
