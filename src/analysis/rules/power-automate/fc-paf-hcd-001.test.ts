import { describe, expect, it } from 'vitest'
import { expectFlowFindings, flowFindingsOf } from '../../power-automate/flow-rule-test-kit.js'
import { hardcodedSecretRule as rule } from './fc-paf-hcd-001.js'

describe('FC-PAF-HCD-001 hardcoded-secret', () => {
  it('reports typed credentials in headers, URLs, bodies, authentication and connector inputs', () => {
    expectFlowFindings(
      rule,
      `
{
  "triggers": { "manual": { "type": "Request", "kind": "Button", "inputs": { "schema": { "properties": { "password": { "type": "string" } } } } } },
  "actions": {
    "Call_API": {
      "type": "Http",
      "inputs": {
        "method": "GET",
        "uri": "https://fn.azurewebsites.net/api/run?code=Zm9vYmFyYmF6cXV4cXV1eA==&x=1",
        "headers": { "Authorization": "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0", "x-api-key": "0123456789abcdef" }
      },
      "runAfter": {}
    },
    "Token": {
      "type": "Http",
      "inputs": {
        "method": "POST",
        "uri": "https://login.example.org/token",
        "body": { "client_id": "app", "client_secret": "s3cr3t-Value-42" },
        "authentication": { "type": "Basic", "username": "svc", "password": "P@ssw0rd!" }
      },
      "runAfter": { "Call_API": ["Succeeded"] }
    },
    "Create_row": {
      "type": "OpenApiConnection",
      "inputs": { "host": { "apiId": "/providers/Microsoft.PowerApps/apis/shared_sql", "operationId": "PostItem" }, "parameters": { "item/Password": "hunter2hunter2" } },
      "runAfter": { "Token": ["Succeeded"] }
    }
  }
}`,
      [
        {
          line: 8,
          pointer: '#/actions/Call_API',
          message: /inputs\/uri has a literal "code" credential in its URL \(24 characters, masked\)/,
        },
        {
          line: 9,
          pointer: '#/actions/Call_API',
          message: /inputs\/headers\/Authorization sends a literal Bearer credential/,
        },
        {
          line: 9,
          pointer: '#/actions/Call_API',
          message: /inputs\/headers\/x-api-key is a literal credential/,
        },
        { line: 18, pointer: '#/actions/Token', message: /client_secret/ },
        { line: 19, pointer: '#/actions/Token', message: /inputs\/authentication\/password/ },
        { line: 25, pointer: '#/actions/Create_row', message: /item~1Password/ },
      ],
    )
  })

  it('never shows the secret in its message', () => {
    const found = flowFindingsOf(
      rule,
      `{"actions": {"A": {"type": "Http", "inputs": {"method": "GET", "uri": "https://x", "headers": {"api-key": "TopSecretValue123"}}}}}`,
    )
    expect(found).toHaveLength(1)
    expect(JSON.stringify(found)).not.toContain('TopSecretValue123')
  })

  it('accepts credentials read at run time, placeholders and schemas', () => {
    expectFlowFindings(
      rule,
      `
{
  "triggers": { "manual": { "type": "Request", "kind": "Http", "inputs": { "schema": { "properties": { "password": { "type": "string", "description": "the user's password" } } } } } },
  "actions": {
    "Call": {
      "type": "Http",
      "inputs": {
        "method": "GET",
        "uri": "https://x.example.org/api?code=@{parameters('FunctionKey')}",
        "headers": { "Authorization": "Bearer @{body('Get_secret')?['value']}", "api-key": "@parameters('ApiKey')" },
        "authentication": "@parameters('$authentication')",
        "body": { "password": "<password>", "note": "mail admin@example.org" }
      }
    }
  }
}`,
      [],
    )
  })
})
