/**
 * FC-UIP-SEC-022 sql-injection: untrusted input reaches the SQL command text of Execute Query or
 * Execute Non Query (built by concatenation or interpolation instead of passed as a parameter).
 * Found by data flow inside the workflow; the message names the path.
 * Doc: docs/rules/FC-UIP-SEC-022.md.
 */
import { fileFlowFindings } from '../../dataflow/flow-findings.js'
import { defineRule } from '../rule.js'

export const sqlInjectionRule = defineRule({
  ruleId: 'FC-UIP-SEC-022',
  name: 'sql-injection',
  category: 'security',
  severity: 'high',
  description: 'Untrusted input is built into the text of a SQL command.',
  recommendation:
    "Write the command with parameters (`@name` / `?`) and pass the values in the activity's Parameters collection; never concatenate data into the SQL text.",
  mirrors: [],
  check(model) {
    return fileFlowFindings(model, ['sql'], () => 'Untrusted input is')
  },
})
