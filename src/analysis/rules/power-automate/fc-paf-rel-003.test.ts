import { describe, it } from 'vitest'
import { expectFlowFindings } from '../../power-automate/flow-rule-test-kit.js'
import { triggerConcurrencyRule as rule } from './fc-paf-rel-003.js'

const WRITES = `"actions": {
    "Get_row": { "type": "OpenApiConnection", "inputs": { "host": { "apiId": "/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps", "operationId": "GetItem" } } },
    "Update_row": { "type": "OpenApiConnection", "inputs": { "host": { "apiId": "/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps", "operationId": "UpdateRecord" } } }
  }`

describe('FC-PAF-REL-003 trigger-concurrency', () => {
  it('reports an automated trigger without concurrency control when the flow writes', () => {
    expectFlowFindings(
      rule,
      `
{
  "triggers": {
    "When_a_row_is_modified": { "type": "OpenApiConnectionWebhook", "inputs": { "host": { "apiId": "/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps", "operationId": "SubscribeWebhookTrigger" } } }
  },
  ${WRITES}
}`,
      [
        {
          line: 3,
          pointer: '#/triggers/When_a_row_is_modified',
          message: /Update_row writes \(UpdateRecord\)/,
        },
      ],
    )
  })

  it('accepts concurrency control, instant triggers, recurrences and flows that only read', () => {
    expectFlowFindings(
      rule,
      `
{
  "triggers": {
    "When_a_row_is_modified": { "type": "OpenApiConnectionWebhook", "runtimeConfiguration": { "concurrency": { "runs": 1 } }, "inputs": {} },
    "manual": { "type": "Request", "kind": "Button", "inputs": {} },
    "Recurrence": { "type": "Recurrence", "recurrence": { "frequency": "Day", "interval": 1 } }
  },
  ${WRITES}
}`,
      [],
    )
    expectFlowFindings(
      rule,
      `{ "triggers": { "t": { "type": "OpenApiConnectionWebhook", "inputs": {} } }, "actions": { "Get": { "type": "OpenApiConnection", "inputs": { "host": { "apiId": "/providers/Microsoft.PowerApps/apis/shared_x", "operationId": "GetItems" } } } } }`,
      [],
    )
  })
})
