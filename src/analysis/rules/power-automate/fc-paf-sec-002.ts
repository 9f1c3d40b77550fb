import { defineFlowRule, type FlowRawFinding, findingAtStep } from '../../power-automate/flow-rule.js'
import { stringListOption } from '../rule-options.js'
import { connectorsUsed } from './support/connectors-used.js'

export const connectorNotAllowedRule = defineFlowRule({
  ruleId: 'FC-PAF-SEC-002',
  name: 'connector-not-allowed',
  category: 'security',
  severity: 'high',
  description: 'The flow uses a connector that the policy pack does not allow.',
  recommendation:
    "Replace the connector with an allowed one, or ask the platform team to allow it in the pack's list (and in the environment's DLP policy).",
  options: {
    allowedConnectors: stringListOption({
      default: [],
      description:
        'When not empty, the only connectors allowed (API names such as shared_sharepointonline, or http, httpwebhook, request for the built-in HTTP operations); the business data group of a DLP policy.',
    }),
    blockedConnectors: stringListOption({
      default: [],
      description:
        'Connectors never allowed, whatever allowedConnectors says; the blocked group of a DLP policy.',
    }),
  },
  check(flow, { options }) {
    const allowed = new Set(options.allowedConnectors.map((name) => name.toLowerCase()))
    const blocked = new Set(options.blockedConnectors.map((name) => name.toLowerCase()))
    if (allowed.size === 0 && blocked.size === 0) return []
    const findings: FlowRawFinding[] = []
    for (const { connector, step, uses } of connectorsUsed(flow)) {
      const times = uses > 1 ? ` (${uses} steps)` : ''
      if (blocked.has(connector))
        findings.push(findingAtStep(step, `${connector} is blocked by the pack${times}.`, connector))
      else if (allowed.size > 0 && !allowed.has(connector))
        findings.push(
          findingAtStep(step, `${connector} is not in the pack's allowed connectors${times}.`, connector),
        )
    }
    return findings
  },
})
