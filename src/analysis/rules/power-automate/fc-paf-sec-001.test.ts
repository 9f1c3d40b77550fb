import { describe, it } from 'vitest'
import { expectFlowFindings } from '../../power-automate/flow-rule-test-kit.js'
import { secretWithoutSecureDataRule as rule } from './fc-paf-sec-001.js'

describe('FC-PAF-SEC-001 secret-without-secure-data', () => {
  it('reports a Key Vault read without secure outputs, and every step the secret reaches without secure inputs', () => {
    expectFlowFindings(
      rule,
      `
{
  "parameters": { "ApiKey": { "type": "SecureString" }, "$authentication": { "type": "SecureObject" } },
  "actions": {
    "Get_secret": { "type": "OpenApiConnection", "inputs": { "host": { "apiId": "/providers/Microsoft.PowerApps/apis/shared_keyvault", "operationId": "GetSecret" } } },
    "Compose_token": { "type": "Compose", "inputs": "@body('Get_secret')?['value']", "runtimeConfiguration": { "secureData": { "properties": ["inputs"] } } },
    "Call": { "type": "Http", "inputs": { "method": "GET", "uri": "https://x", "headers": { "Authorization": "Bearer @{outputs('Compose_token')}" } } },
    "Call_2": { "type": "Http", "inputs": { "method": "GET", "uri": "https://x", "headers": { "x-key": "@parameters('ApiKey')" }, "authentication": "@parameters('$authentication')" } }
  }
}`,
      [
        { line: 4, pointer: '#/actions/Get_secret', message: /without secure outputs/ },
        { line: 6, pointer: '#/actions/Call', message: /from compose_token without secure inputs/ },
        { line: 7, pointer: '#/actions/Call_2', message: /from ApiKey without secure inputs/ },
      ],
    )
  })

  it('accepts secured steps and the platform parameters', () => {
    expectFlowFindings(
      rule,
      `
{
  "parameters": { "$connections": { "type": "Object" }, "$authentication": { "type": "SecureObject" } },
  "actions": {
    "Get_secret": { "type": "OpenApiConnection", "runtimeConfiguration": { "secureData": { "properties": ["inputs", "outputs"] } },
      "inputs": { "host": { "apiId": "/providers/Microsoft.PowerApps/apis/shared_keyvault", "operationId": "GetSecret" } } },
    "Call": { "type": "Http", "runtimeConfiguration": { "secureData": { "properties": ["inputs"] } },
      "inputs": { "method": "GET", "uri": "https://x", "headers": { "Authorization": "Bearer @{body('Get_secret')?['value']}" }, "authentication": "@parameters('$authentication')" } }
  }
}`,
      [],
    )
  })
})
