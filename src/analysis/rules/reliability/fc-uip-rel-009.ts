/**
 * FC-UIP-REL-009 database-connection-not-closed: a Connect to Database activity stores its
 * connection in a variable that no Disconnect from Database of the same workflow closes (and that
 * is not handed to the caller through an Out/In-Out argument).
 * Doc: docs/rules/FC-UIP-REL-009.md.
 */
import type { XamlExpression } from '../../xaml/workflow-model.js'
import { defineRule, findingAt, type RawFinding } from '../rule.js'
import { forEachIdentifier } from '../support/expression-identifiers.js'

/** The variable an l-value names, as written (`dbConn`, `io_Connection`). */
function targetName(expression: XamlExpression): string | undefined {
  return /^\s*@?([A-Za-z_]\w*)/.exec(expression.text)?.[1]
}

function mentions(expression: XamlExpression, name: string): boolean {
  const wanted = name.toLowerCase()
  let found = false
  forEachIdentifier(expression.text, expression.language, (identifier) => {
    if (identifier.toLowerCase() === wanted) found = true
  })
  return found
}

export const databaseConnectionNotClosedRule = defineRule({
  ruleId: 'FC-UIP-REL-009',
  name: 'database-connection-not-closed',
  category: 'reliability',
  severity: 'medium',
  description: 'Database connection opened and never closed.',
  recommendation:
    'Close the connection with Disconnect from Database when the queries are done, in the Finally of a Try Catch so it is closed on errors too; or hand it to the caller in an Out argument and close it there.',
  mirrors: [],
  check(model) {
    // Findings are on Connect to Database activities only: most files have none.
    const connects = model.expressions.some(
      (e) => e.owner?.localName === 'DatabaseConnect' && e.property === 'DatabaseConnection',
    )
    if (!connects) return []
    const passedOut = new Set(
      model.arguments
        .filter((a) => a.direction === 'Out' || a.direction === 'InOut')
        .map((a) => a.name.toLowerCase()),
    )
    const closing = model.expressions.filter(
      (e) => e.owner?.localName === 'DatabaseDisconnect' || /\.(Dispose|Close)\s*\(/.test(e.text), // closed in code (Invoke Code, an Assign)
    )
    // Invoke Code keeps its source as a literal `Code` property.
    const code = model.literals.filter((l) => l.owner?.localName === 'InvokeCode' && l.property === 'Code')
    const closedInCode = (name: string) => {
      const call = new RegExp(`\\b${name}\\s*\\.\\s*(Dispose|Close)\\s*\\(`, 'i')
      return code.some((l) => call.test(l.value))
    }
    const findings: RawFinding[] = []
    for (const expression of model.expressions) {
      const connect = expression.owner
      if (connect?.localName !== 'DatabaseConnect' || expression.property !== 'DatabaseConnection') continue
      const name = targetName(expression)
      if (name === undefined || passedOut.has(name.toLowerCase())) continue
      if (closing.some((e) => mentions(e, name)) || closedInCode(name)) continue
      findings.push(
        findingAt(connect, `The connection "${name}" is never closed with Disconnect from Database.`),
      )
    }
    return findings
  },
})
