import { defineFlowRule, type FlowRawFinding, findingAtStep } from '../../power-automate/flow-rule.js'
import { stringListOption } from '../rule-options.js'
import { connectorsUsed } from './support/connectors-used.js'

/**
 * Premium connectors and operations (Microsoft's connector reference marks them "Premium";
 * learn.microsoft.com/connectors/connector-reference/, checked 2026-12 for these): the built-in
 * HTTP action, HTTP Webhook and HTTP request trigger; Dataverse (both connectors); SQL Server;
 * Azure Key Vault; Azure Blob Storage; Azure Service Bus; HTTP with Microsoft Entra ID; desktop
 * flows. A pack lists its own in the option.
 */
const PREMIUM_DEFAULT = [
  'http',
  'httpwebhook',
  'request',
  'shared_commondataserviceforapps',
  'shared_commondataservice',
  'shared_sql',
  'shared_keyvault',
  'shared_azureblob',
  'shared_servicebus',
  'shared_webcontents',
  'shared_uiflow',
]
/** A custom connector's API name: `shared_<name>-<hash>-<hash>` (the tenant's own). */
const CUSTOM_CONNECTOR = /^shared_[a-z0-9]+-[0-9a-f]{10,}-[0-9a-f]{10,}$/i

export const premiumConnectorRule = defineFlowRule({
  ruleId: 'FC-PAF-PRJ-002',
  name: 'premium-connector',
  category: 'project',
  severity: 'low',
  description: 'The flow uses a premium connector, which needs a premium licence for everyone who runs it.',
  recommendation:
    'Check that the flow owner and the people who run it have Power Automate Premium (or a process licence), or use a standard connector.',
  options: {
    premiumConnectors: stringListOption({
      default: PREMIUM_DEFAULT,
      description: 'API names that count as premium (custom connectors always do).',
    }),
  },
  check(flow, { options }) {
    const premium = new Set(options.premiumConnectors.map((name) => name.toLowerCase()))
    const findings: FlowRawFinding[] = []
    for (const { connector, step, uses } of connectorsUsed(flow)) {
      const custom = CUSTOM_CONNECTOR.test(connector)
      if (!premium.has(connector) && !custom) continue
      const times = uses > 1 ? ` (${uses} steps)` : ''
      findings.push(
        findingAtStep(
          step,
          `${connector} is ${custom ? 'a custom connector (premium)' : 'premium'}${times}.`,
          connector,
        ),
      )
    }
    return findings
  },
})
