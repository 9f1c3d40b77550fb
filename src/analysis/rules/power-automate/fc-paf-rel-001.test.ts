import { describe, it } from 'vitest'
import { expectFlowFindings } from '../../power-automate/flow-rule-test-kit.js'
import { httpRetryPolicyRule as rule } from './fc-paf-rel-001.js'

describe('FC-PAF-REL-001 http-retry-policy', () => {
  it('reports POST/PATCH on the default policy and GET with retries turned off', () => {
    expectFlowFindings(
      rule,
      `
{
  "actions": {
    "Create_order": { "type": "Http", "inputs": { "method": "POST", "uri": "https://erp.example.org/orders" } },
    "Patch_order": { "type": "Http", "inputs": { "method": "patch", "uri": "https://erp.example.org/orders/1", "retryPolicy": { "type": "default" } } },
    "Read_order": { "type": "Http", "inputs": { "method": "GET", "uri": "https://erp.example.org/orders/1", "retryPolicy": { "type": "none" } } }
  }
}`,
      [
        { line: 3, pointer: '#/actions/Create_order', message: /^POST with the default retry policy/ },
        { line: 4, pointer: '#/actions/Patch_order', message: /^PATCH with the default retry policy/ },
        { line: 5, pointer: '#/actions/Read_order', message: /^GET with retryPolicy none/ },
      ],
    )
  })

  it('accepts explicit policies on POST, retries on GET, and connector steps', () => {
    expectFlowFindings(
      rule,
      `
{
  "actions": {
    "Create_order": { "type": "Http", "inputs": { "method": "POST", "uri": "https://erp.example.org/orders", "retryPolicy": { "type": "none" } } },
    "Create_order_2": { "type": "Http", "inputs": { "method": "POST", "uri": "https://erp.example.org/orders", "retryPolicy": { "type": "fixed", "count": 2, "interval": "PT10S" } } },
    "Read_order": { "type": "Http", "inputs": { "method": "GET", "uri": "https://erp.example.org/orders/1" } },
    "Dynamic": { "type": "Http", "inputs": { "method": "@variables('m')", "uri": "https://erp.example.org" } },
    "Create_item": { "type": "OpenApiConnection", "inputs": { "host": { "apiId": "/providers/Microsoft.PowerApps/apis/shared_sharepointonline", "operationId": "PostItem" } } }
  }
}`,
      [],
    )
  })
})
