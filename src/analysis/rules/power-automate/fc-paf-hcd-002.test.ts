import { describe, it } from 'vitest'
import { expectFlowFindings } from '../../power-automate/flow-rule-test-kit.js'
import { hardcodedEnvironmentUrlRule as rule } from './fc-paf-hcd-002.js'

describe('FC-PAF-HCD-002 hardcoded-environment-url', () => {
  it('reports each literal site or organisation URL once per flow, at its first use', () => {
    expectFlowFindings(
      rule,
      `
{
  "actions": {
    "Get_items": {
      "type": "OpenApiConnection",
      "inputs": { "host": { "apiId": "/providers/Microsoft.PowerApps/apis/shared_sharepointonline", "operationId": "GetItems" },
        "parameters": { "dataset": "https://contoso.sharepoint.com/sites/Finance", "table": "Invoices" } }
    },
    "Update_item": {
      "type": "OpenApiConnection",
      "inputs": { "host": { "apiId": "/providers/Microsoft.PowerApps/apis/shared_sharepointonline", "operationId": "PatchItem" },
        "parameters": { "dataset": "https://contoso.sharepoint.com/sites/Finance", "id": 1 } },
      "runAfter": { "Get_items": ["Succeeded"] }
    },
    "Call_Dataverse": {
      "type": "Http",
      "inputs": { "method": "GET", "uri": "https://org1a2b.crm4.dynamics.com/api/data/v9.2/accounts?$top=@{variables('n')}" }
    }
  }
}`,
      [
        {
          line: 6,
          pointer: '#/actions/Get_items',
          message:
            /https:\/\/contoso\.sharepoint\.com\/sites\/finance is written into inputs\/parameters\/dataset; used 2 times/,
        },
        {
          line: 16,
          pointer: '#/actions/Call_Dataverse',
          message: /org1a2b\.crm4\.dynamics\.com\/api\/data\/v9\.2\/accounts/,
        },
      ],
    )
  })

  it('accepts environment variables, global endpoints and descriptions', () => {
    expectFlowFindings(
      rule,
      `
{
  "parameters": { "Site (env_Site)": { "type": "String", "defaultValue": "https://contoso.sharepoint.com/sites/Finance" } },
  "actions": {
    "Get_items": {
      "type": "OpenApiConnection",
      "description": "reads https://contoso.sharepoint.com/sites/Finance",
      "inputs": { "host": { "apiId": "/providers/Microsoft.PowerApps/apis/shared_sharepointonline", "operationId": "GetItems" },
        "parameters": { "dataset": "@parameters('Site (env_Site)')", "table": "Invoices" } }
    },
    "Graph": { "type": "Http", "inputs": { "method": "GET", "uri": "https://graph.microsoft.com/v1.0/users" } }
  }
}`,
      [],
    )
  })
})
