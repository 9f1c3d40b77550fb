import { describe, it } from 'vitest'
import { expectFlowFindings } from '../../power-automate/flow-rule-test-kit.js'
import { defaultActionNameRule as rule } from './fc-paf-nmg-001.js'

describe('FC-PAF-NMG-001 default-action-name', () => {
  it('reports the names the designer gives (with _2, _3…) for built-ins and common connector operations', () => {
    expectFlowFindings(
      rule,
      `
{
  "actions": {
    "Compose_2": { "type": "Compose", "inputs": 1 },
    "Apply_to_each": { "type": "Foreach", "foreach": [], "actions": {
      "Condition": { "type": "If", "expression": true, "actions": {} } } },
    "HTTP": { "type": "Http", "inputs": { "method": "GET", "uri": "https://x" } },
    "Get_items_3": { "type": "OpenApiConnection", "inputs": {} }
  }
}`,
      [
        { line: 3, pointer: '#/actions/Compose_2', message: /^Compose_2 \(Compose\) is a default name\.$/ },
        { line: 4, pointer: '#/actions/Apply_to_each' },
        { line: 5, pointer: '#/actions/Apply_to_each/actions/Condition' },
        { line: 6, pointer: '#/actions/HTTP' },
        { line: 7, pointer: '#/actions/Get_items_3' },
      ],
    )
  })

  it('accepts names that say what the step does, and a default name on another type', () => {
    expectFlowFindings(
      rule,
      `
{
  "actions": {
    "Compose_invoice_total": { "type": "Compose", "inputs": 1 },
    "Condition_check": { "type": "If", "expression": true, "actions": {} },
    "Compose": { "type": "Scope", "actions": {} }
  }
}`,
      [],
    )
  })
})
