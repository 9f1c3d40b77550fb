import { describe, it } from 'vitest'
import { expectFlowFindings } from '../../power-automate/flow-rule-test-kit.js'
import { unresolvedActionReferenceRule as rule } from './fc-paf-rel-004.js'

describe('FC-PAF-REL-004 unresolved-action-reference', () => {
  it('reports body(), outputs(), actions(), items() naming an action that does not exist, in expressions and interpolations', () => {
    expectFlowFindings(
      rule,
      `
{
  "actions": {
    "Get_items": { "type": "OpenApiConnection", "inputs": {} },
    "Compose": { "type": "Compose", "inputs": "@body('Get_item')?['value']", "runAfter": { "Get_items": ["Succeeded"] } },
    "Loop": { "type": "Foreach", "foreach": "@outputs('Get_items')?['body/value']", "actions": {
      "Mail": { "type": "Compose", "inputs": "Hello @{items('Apply_to_each')?['Title']}, @{actions('Missing')['status']}" } } }
  }
}`,
      [
        {
          line: 4,
          pointer: '#/actions/Compose',
          message: /^body\('Get_item'\) in inputs: no action is named Get_item\.$/,
        },
        { line: 6, pointer: '#/actions/Loop/actions/Mail', message: /items\('Apply_to_each'\)/ },
        { line: 6, pointer: '#/actions/Loop/actions/Mail', message: /actions\('Missing'\)/ },
      ],
    )
  })

  it('accepts references to existing actions (any depth, any case), computed names and string literals', () => {
    expectFlowFindings(
      rule,
      `
{
  "actions": {
    "Scope": { "type": "Scope", "actions": { "Get_items": { "type": "OpenApiConnection", "inputs": {} } } },
    "Compose": { "type": "Compose", "inputs": "@{body('get_items')} @{outputs(variables('name'))} it''s '@@body(x)' @{concat('body(''Nope'')')}" },
    "Literal": { "type": "Compose", "inputs": "@@body('Nope')" }
  }
}`,
      [],
    )
  })
})
