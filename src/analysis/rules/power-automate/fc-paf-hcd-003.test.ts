import { describe, it } from 'vitest'
import { expectFlowFindings } from '../../power-automate/flow-rule-test-kit.js'
import { hardcodedMailboxRule as rule } from './fc-paf-hcd-003.js'

describe('FC-PAF-HCD-003 hardcoded-mailbox', () => {
  it('reports each literal address once per flow, in recipients, mailboxes and text', () => {
    expectFlowFindings(
      rule,
      `
{
  "actions": {
    "Send_mail": {
      "type": "OpenApiConnection",
      "inputs": {
        "host": { "apiId": "/providers/Microsoft.PowerApps/apis/shared_office365", "operationId": "SharedMailboxSendEmailV2" },
        "parameters": {
          "emailMessage/MailboxAddress": "finance@contoso.com",
          "emailMessage/To": "ap@contoso.com;@{triggerBody()?['mail']}",
          "emailMessage/Body": "Questions? Write to ap@contoso.com"
        }
      }
    }
  }
}`,
      [
        {
          line: 8,
          pointer: '#/actions/Send_mail',
          message:
            /^finance@contoso\.com is written into inputs\/parameters\/emailMessage~1MailboxAddress\.$/,
        },
        { line: 9, pointer: '#/actions/Send_mail', message: /ap@contoso\.com .*used 2 times/ },
      ],
    )
  })

  it('accepts addresses from expressions, and schemas and descriptions', () => {
    expectFlowFindings(
      rule,
      `
{
  "triggers": { "manual": { "type": "Request", "kind": "Button", "inputs": { "schema": { "properties": { "email": { "description": "e.g. someone@contoso.com" } } } } } },
  "actions": {
    "Send_mail": {
      "type": "OpenApiConnection",
      "description": "mails owner@contoso.com",
      "inputs": { "host": { "apiId": "/providers/Microsoft.PowerApps/apis/shared_office365", "operationId": "SendEmailV2" },
        "parameters": { "emailMessage/To": "@triggerBody()?['email']", "emailMessage/Subject": "Invoice @{variables('id')} @ noon" } }
    }
  }
}`,
      [],
    )
  })
})
