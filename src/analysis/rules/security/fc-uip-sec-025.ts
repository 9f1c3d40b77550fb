/**
 * FC-UIP-SEC-025 cross-workflow-untrusted-input: FC-UIP-SEC-021 and FC-UIP-SEC-022 across invoked
 * workflows: untrusted input passed into an invoked workflow's argument (or returned from one) is
 * run as code, a command or SQL text there. Reported only when the path crosses a file. Project
 * submissions only. Doc: docs/rules/FC-UIP-SEC-025.md.
 */
import { projectFlowFindings } from '../../dataflow/flow-findings.js'
import { defineProjectRule } from '../rule.js'

export const crossWorkflowUntrustedInputRule = defineProjectRule({
  ruleId: 'FC-UIP-SEC-025',
  name: 'cross-workflow-untrusted-input',
  category: 'security',
  severity: 'high',
  description: 'Untrusted input passed between workflows is run as code, a command or SQL text.',
  recommendation:
    'Treat every argument that can carry transaction, mail, screen, file or HTTP data as untrusted in the invoked workflow: keep code, commands and SQL fixed and pass the data as parameters.',
  mirrors: [],
  checkProject(project) {
    return projectFlowFindings(project, ['code', 'sql'], () => 'Untrusted input is')
  },
})
