import { describe, it } from 'vitest'
import { expectFlowFindings } from '../../power-automate/flow-rule-test-kit.js'
import { premiumConnectorRule as rule } from './fc-paf-prj-002.js'

describe('FC-PAF-PRJ-002 premium-connector', () => {
  it('reports premium connectors, built-in HTTP and custom connectors once each', () => {
    expectFlowFindings(
      rule,
      `
{
  "triggers": { "When_a_row_is_added": { "type": "OpenApiConnectionWebhook", "inputs": { "host": { "apiId": "/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps" } } } },
  "actions": {
    "List_rows": { "type": "OpenApiConnection", "inputs": { "host": { "apiId": "/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps", "operationId": "ListRecords" } } },
    "Call": { "type": "Http", "inputs": { "method": "GET", "uri": "https://x" } },
    "Graph": { "type": "OpenApiConnection", "inputs": { "host": { "apiId": "/providers/Microsoft.PowerApps/apis/shared_graphapi-5f04d5eb22c34423fb-5f448e0b83a75acf03" } } },
    "Mail": { "type": "OpenApiConnection", "inputs": { "host": { "apiId": "/providers/Microsoft.PowerApps/apis/shared_office365" } } }
  }
}`,
      [
        {
          line: 2,
          pointer: '#/triggers/When_a_row_is_added',
          message: /^shared_commondataserviceforapps is premium \(2 steps\)\.$/,
        },
        { line: 5, pointer: '#/actions/Call', message: /^http is premium\.$/ },
        { line: 6, pointer: '#/actions/Graph', message: /custom connector/ },
      ],
    )
  })

  it('follows the pack list', () => {
    expectFlowFindings(
      rule,
      `{ "actions": { "Mail": { "type": "OpenApiConnection", "inputs": { "host": { "apiId": "/providers/Microsoft.PowerApps/apis/shared_office365" } } } } }`,
      [{ line: 1, pointer: '#/actions/Mail' }],
      { options: { premiumConnectors: ['shared_office365'] } },
    )
  })
})
