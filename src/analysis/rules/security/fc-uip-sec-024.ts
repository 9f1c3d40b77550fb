/**
 * FC-UIP-SEC-024 cross-workflow-secret-leak: FC-UIP-SEC-020 across invoked workflows: a secret
 * passed into an invoked workflow's argument, or returned from one, leaks there or back in the
 * caller. Reported only when the path crosses a file (FC-UIP-SEC-020 reports the rest). Project
 * submissions only. Doc: docs/rules/FC-UIP-SEC-024.md.
 */
import { projectFlowFindings } from '../../dataflow/flow-findings.js'
import { defineProjectRule } from '../rule.js'

export const crossWorkflowSecretLeakRule = defineProjectRule({
  ruleId: 'FC-UIP-SEC-024',
  name: 'cross-workflow-secret-leak',
  category: 'security',
  severity: 'high',
  description:
    'A secret passed between workflows flows to a log, message, e-mail, HTTP request, file, spreadsheet, entity or queue item in clear.',
  recommendation:
    'Pass credentials between workflows as SecureString arguments and keep them SecureString in the invoked workflow; log or store that a credential was used, never its value.',
  mirrors: [],
  checkProject(project) {
    return projectFlowFindings(project, ['leak'], () => 'A secret is')
  },
})
