import { describe, it } from 'vitest'
import { expectFlowFindings } from '../../power-automate/flow-rule-test-kit.js'
import { connectorNotAllowedRule as rule } from './fc-paf-sec-002.js'

const FLOW = `
{
  "triggers": { "manual": { "type": "Request", "kind": "Http", "inputs": {} } },
  "actions": {
    "Get_items": { "type": "OpenApiConnection", "inputs": { "host": { "apiId": "/providers/Microsoft.PowerApps/apis/shared_sharepointonline", "operationId": "GetItems" } } },
    "Tweet": { "type": "OpenApiConnection", "inputs": { "host": { "apiId": "/providers/Microsoft.PowerApps/apis/shared_twitter", "operationId": "Tweet" } } },
    "Tweet_2": { "type": "ApiConnection", "inputs": { "host": { "connection": { "name": "@parameters('$connections')['shared_twitter']['connectionId']" } }, "method": "post", "path": "/tweet" } },
    "Call": { "type": "Http", "inputs": { "method": "GET", "uri": "https://x" } }
  }
}`

describe('FC-PAF-SEC-002 connector-not-allowed', () => {
  it('reports blocked connectors and, with an allow-list, every connector not on it, once each', () => {
    expectFlowFindings(
      rule,
      FLOW,
      [
        {
          line: 5,
          pointer: '#/actions/Tweet',
          message: /^shared_twitter is blocked by the pack \(2 steps\)\.$/,
        },
      ],
      {
        options: { blockedConnectors: ['shared_twitter'] },
      },
    )
    expectFlowFindings(
      rule,
      FLOW,
      [
        { line: 2, pointer: '#/triggers/manual', message: /^request is not in/ },
        { line: 5, pointer: '#/actions/Tweet' },
        { line: 7, pointer: '#/actions/Call', message: /^http is not in/ },
      ],
      { options: { allowedConnectors: ['shared_sharepointonline'] } },
    )
  })

  it('reports nothing without a list, or when every connector is allowed', () => {
    expectFlowFindings(rule, FLOW, [])
    expectFlowFindings(rule, FLOW, [], {
      options: { allowedConnectors: ['SHARED_SHAREPOINTONLINE', 'shared_twitter', 'http', 'request'] },
    })
  })
})
