import { describe, it } from 'vitest'
import { expectFlowFindings } from '../../power-automate/flow-rule-test-kit.js'
import { noErrorHandlingRule as rule } from './fc-paf-err-001.js'

describe('FC-PAF-ERR-001 no-error-handling', () => {
  it('reports a flow that calls a connector and never runs after a failure, at its definition', () => {
    expectFlowFindings(
      rule,
      `
{
  "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
  "actions": {
    "Get_items": { "type": "OpenApiConnection", "inputs": { "host": { "apiId": "/providers/Microsoft.PowerApps/apis/shared_sharepointonline", "operationId": "GetItems" } } },
    "Notify": { "type": "Http", "inputs": { "method": "POST", "uri": "https://example.org" }, "runAfter": { "Get_items": ["Succeeded", "Skipped"] } }
  }
}`,
      [{ line: 1, pointer: '#', message: /^2 calls to connectors or services \(first: Get_items\)/ }],
    )
  })

  it('accepts a Try/Catch scope (runAfter Failed or TimedOut, at any depth) and flows that call nothing', () => {
    expectFlowFindings(
      rule,
      `
{
  "actions": {
    "Try": { "type": "Scope", "actions": {
      "Get_items": { "type": "OpenApiConnection", "inputs": { "host": { "apiId": "/providers/Microsoft.PowerApps/apis/shared_sharepointonline", "operationId": "GetItems" } } } } },
    "Catch": { "type": "Scope", "runAfter": { "Try": ["TimedOut"] }, "actions": {
      "Terminate": { "type": "Terminate", "inputs": { "runStatus": "Failed" } } } }
  }
}`,
      [],
    )
    expectFlowFindings(rule, `{ "actions": { "Compose": { "type": "Compose", "inputs": 1 } } }`, [])
  })
})
