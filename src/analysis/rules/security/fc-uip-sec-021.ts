/**
 * FC-UIP-SEC-021 untrusted-input-to-code: data from outside the robot's control (queue item
 * content, e-mail, text read from the screen, file content, an HTTP response) reaches Invoke Code,
 * Invoke PowerShell, Start Process or Open Application as code or a command line. Found by data
 * flow inside the workflow; the message names the path. Doc: docs/rules/FC-UIP-SEC-021.md.
 */
import { fileFlowFindings } from '../../dataflow/flow-findings.js'
import { defineRule } from '../rule.js'

export const untrustedInputToCodeRule = defineRule({
  ruleId: 'FC-UIP-SEC-021',
  name: 'untrusted-input-to-code',
  category: 'security',
  severity: 'high',
  description:
    'Untrusted input (queue item, e-mail, screen text, file, HTTP response) is run as code or a command.',
  recommendation:
    'Keep the code, script and command line fixed and pass the data as Invoke Code arguments or PowerShell Parameters; if a program must take it on its command line, validate it against an allow-list first.',
  mirrors: [],
  check(model) {
    return fileFlowFindings(model, ['code'], () => 'Untrusted input is')
  },
})
