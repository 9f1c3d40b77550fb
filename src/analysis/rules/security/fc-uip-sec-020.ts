/**
 * FC-UIP-SEC-020 secret-leak: a secret (a credential's password converted from its SecureString, a
 * String credential, a setting keyed like a password, a literal credential) reaches a place where it
 * is stored or shown in clear: a log, the output, a message box, an e-mail, an HTTP request, a
 * file, an Excel cell, a Data Service entity, a queue item, or a field that is not a password field.
 * Found by data flow inside the workflow (src/analysis/dataflow/); the message names the path.
 * Doc: docs/rules/FC-UIP-SEC-020.md.
 */
import { fileFlowFindings } from '../../dataflow/flow-findings.js'
import { defineRule } from '../rule.js'

export const secretLeakRule = defineRule({
  ruleId: 'FC-UIP-SEC-020',
  name: 'secret-leak',
  category: 'security',
  severity: 'high',
  description:
    'A secret flows to a log, message, e-mail, HTTP request, file, spreadsheet, entity or queue item in clear.',
  recommendation:
    'Keep the credential in a SecureString and hand it only to activities that take one (Type Secure Text, SecurePassword); log or store that a credential was used (its asset name, the user), never its value.',
  mirrors: [],
  check(model) {
    return fileFlowFindings(model, ['leak'], () => 'A secret is')
  },
})
