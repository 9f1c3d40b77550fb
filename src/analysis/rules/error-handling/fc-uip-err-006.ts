/**
 * FC-UIP-ERR-006 http-status-not-checked: a classic HTTP Request (`HttpClient`) whose status code
 * is never looked at — the StatusCode output is not bound, or it is bound to a variable that no
 * expression of the workflow reads. The classic HTTP Request does not fail on 4xx/5xx responses.
 * Doc: docs/rules/FC-UIP-ERR-006.md.
 */
import { XAML_NS } from '../../xaml/index.js'
import type { XamlExpression, XamlNode } from '../../xaml/workflow-model.js'
import { defineRule, findingAt, type RawFinding } from '../rule.js'
import { forEachIdentifier } from '../support/expression-identifiers.js'

function targetName(expression: XamlExpression): string | undefined {
  return /^\s*@?([A-Za-z_]\w*)/.exec(expression.text)?.[1]
}

export const httpStatusNotCheckedRule = defineRule({
  ruleId: 'FC-UIP-ERR-006',
  name: 'http-status-not-checked',
  category: 'error_handling',
  severity: 'medium',
  description: 'HTTP response status code is never checked.',
  recommendation:
    'Bind the StatusCode output to a variable and check it (an If or a Throw on anything but the expected 2xx) before using the response: the classic HTTP Request does not fail on 4xx or 5xx responses.',
  mirrors: [],
  check(model) {
    const requests: XamlNode[] = model.activities.filter(
      (a) => a.localName === 'HttpClient' && a.namespaceUri === XAML_NS.ui,
    )
    if (requests.length === 0) return []
    // Identifiers read anywhere (r-values), lower-cased: a status variable read by any of them is checked.
    const read = new Set<string>()
    for (const expression of model.expressions) {
      // The StatusCode binding itself is a target, not a read (in attribute form it is a 'value').
      if (expression.role !== 'value' || expression.property === 'StatusCode') continue
      forEachIdentifier(expression.text, expression.language, (identifier) =>
        read.add(identifier.toLowerCase()),
      )
    }
    const passedOut = new Set(
      model.arguments
        .filter((a) => a.direction === 'Out' || a.direction === 'InOut')
        .map((a) => a.name.toLowerCase()),
    )
    const findings: RawFinding[] = []
    for (const request of requests) {
      // Element form gives an OutArgument ('reference'); attribute form `StatusCode="[x]"` a 'value'.
      const status = model.expressions.find((e) => e.owner === request && e.property === 'StatusCode')
      const name = status === undefined ? undefined : targetName(status)
      if (name === undefined) {
        findings.push(findingAt(request, 'The StatusCode output is not bound.'))
      } else if (!read.has(name.toLowerCase()) && !passedOut.has(name.toLowerCase())) {
        findings.push(findingAt(request, `The status code is stored in "${name}", which is never read.`))
      }
    }
    return findings
  },
})
