import { describe, expect, it } from 'vitest'
import { FlowError } from './flow-error.js'
import { readFlow } from './read-flow.js'

const DEFINITION = `{
  "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
  "parameters": { "$connections": { "type": "Object", "defaultValue": {} }, "Site (x_Site)": { "type": "String", "defaultValue": "https://a.sharepoint.com" } },
  "triggers": { "When_a_row_is_added": { "type": "OpenApiConnectionWebhook", "runtimeConfiguration": { "concurrency": { "runs": 1 } },
    "inputs": { "host": { "connectionName": "shared_commondataserviceforapps_1", "operationId": "SubscribeWebhookTrigger", "apiId": "/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps" } } } },
  "actions": {
    "Try": { "type": "Scope", "actions": {
      "Check": { "type": "If", "expression": "@equals(1, 1)",
        "actions": { "Call": { "type": "Http", "inputs": { "method": "POST", "uri": "https://x", "retryPolicy": { "type": "none" } },
          "runtimeConfiguration": { "secureData": { "properties": ["inputs", "outputs"] } } } },
        "else": { "actions": { "Route": { "type": "Switch", "expression": "@variables('k')",
          "cases": { "Case_a/b": { "case": "a", "actions": { "Send": { "type": "ApiConnection", "metadata": { "flowSystemMetadata": { "swaggerOperationId": "SendEmailV2" } },
            "inputs": { "host": { "connection": { "name": "@parameters('$connections')['shared_office365']['connectionId']" } }, "method": "post", "path": "/v2/Mail" } } } } },
          "default": { "actions": { "Wait": { "type": "Until", "expression": "@true", "limit": { "count": 5, "timeout": "PT1H" }, "actions": {} } } } } } } } } },
    "Catch": { "type": "Scope", "runAfter": { "Try": ["Failed", "TimedOut"] }, "actions": {} }
  }
}`

describe('readFlow', () => {
  it('models a bare definition: triggers, nested actions with their paths, lines and branches', () => {
    const flow = readFlow(DEFINITION, 'flow.json')
    expect(flow.shape).toBe('definition')
    expect(flow.triggers.map((t) => [t.name, t.pointer, t.line, t.runtime.concurrencyRuns])).toEqual([
      ['When_a_row_is_added', '#/triggers/When_a_row_is_added', 4, 1],
    ])
    expect(flow.actions.map((a) => [a.pointer, a.line, a.depth, a.branch])).toEqual([
      ['#/actions/Try', 7, 1, undefined],
      ['#/actions/Try/actions/Check', 8, 2, 'actions'],
      ['#/actions/Try/actions/Check/actions/Call', 9, 3, 'actions'],
      ['#/actions/Try/actions/Check/else/actions/Route', 11, 3, 'else'],
      [
        '#/actions/Try/actions/Check/else/actions/Route/cases/Case_a~1b/actions/Send',
        12,
        4,
        'cases/Case_a/b',
      ],
      ['#/actions/Try/actions/Check/else/actions/Route/default/actions/Wait', 14, 4, 'default'],
      ['#/actions/Catch', 15, 1, undefined],
    ])
    expect(flow.topLevel.map((a) => a.name)).toEqual(['Try', 'Catch'])
    expect(flow.actionsByName.get('Call')?.parent?.name).toBe('Check')
  })

  it('reads runAfter, retry policies, secure data, limits and the connector each step calls', () => {
    const flow = readFlow(DEFINITION, 'flow.json')
    const action = (name: string) => flow.actionsByName.get(name)!
    expect(action('Catch').runAfter).toEqual([{ action: 'Try', statuses: ['Failed', 'TimedOut'] }])
    expect([action('Call').retryPolicy, action('Try').retryPolicy]).toEqual(['none', 'absent'])
    expect(action('Call').runtime).toMatchObject({ secureInputs: true, secureOutputs: true })
    expect(action('Wait').limit).toEqual({ count: 5, timeout: 'PT1H' })
    expect(flow.triggers[0]?.connector).toEqual({
      apiName: 'shared_commondataserviceforapps',
      operationId: 'SubscribeWebhookTrigger',
      connectionKey: 'shared_commondataserviceforapps_1',
      method: undefined,
    })
    expect(action('Send').connector).toEqual({
      apiName: 'shared_office365',
      operationId: 'SendEmailV2',
      connectionKey: 'shared_office365',
      method: 'post',
    })
    expect(flow.parameters.map((p) => [p.name, p.type])).toEqual([
      ['$connections', 'Object'],
      ['Site (x_Site)', 'String'],
    ])
  })

  it('lists every string a step runs with, parsed, and not its nested actions twice', () => {
    const flow = readFlow(DEFINITION, 'flow.json')
    const check = flow.values.filter((value) => value.owner.name === 'Check')
    expect(check.map((value) => [value.path, value.template.kind])).toEqual([
      ['type', 'literal'],
      ['expression', 'expression'],
    ])
    expect(flow.expressionErrors).toEqual([])
  })

  it('finds the definition in a solution workflow and a package definition.json, with connection references', () => {
    const solution = readFlow(
      JSON.stringify({
        properties: {
          connectionReferences: {
            shared_sharepointonline: {
              runtimeSource: 'invoker',
              connection: { connectionReferenceLogicalName: 'x_sp' },
              api: { name: 'shared_sharepointonline' },
            },
          },
          definition: JSON.parse(DEFINITION),
        },
        schemaVersion: '1.0.0.0',
      }),
      'Workflows/A-1.json',
    )
    expect(solution.shape).toBe('solution-workflow')
    expect(solution.connectionReferences).toMatchObject([
      { key: 'shared_sharepointonline', apiName: 'shared_sharepointonline', logicalName: 'x_sp' },
    ])
    const packaged = readFlow(
      JSON.stringify({
        name: 'n',
        id: '/providers/Microsoft.Flow/flows/n',
        type: 'Microsoft.Flow/flows',
        properties: {
          displayName: 'Approve',
          definition: JSON.parse(DEFINITION),
          connectionReferences: {
            shared_office365: {
              connectionName: 'c',
              source: 'Embedded',
              id: '/providers/Microsoft.PowerApps/apis/shared_office365',
              tier: 'NotSpecified',
            },
          },
        },
      }),
      'definition.json',
    )
    expect([packaged.shape, packaged.displayName, packaged.connectionReferences[0]?.apiName]).toEqual([
      'package-definition',
      'Approve',
      'shared_office365',
    ])
  })

  it('refuses JSON that is not a flow with FLOW_NOT_A_FLOW', () => {
    for (const text of [
      '[]',
      '{"resources": {}}',
      '{"properties": {"definition": {"x": 1}}}',
      '{"$schema": "https://json-schema.org/draft-07/schema#", "actions": {}}',
    ]) {
      expect(() => readFlow(text, 'x.json')).toThrow(FlowError)
      try {
        readFlow(text, 'x.json')
      } catch (error) {
        expect((error as FlowError).code).toBe('FLOW_NOT_A_FLOW')
      }
    }
  })
})
