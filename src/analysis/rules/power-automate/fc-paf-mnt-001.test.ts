import { describe, it } from 'vitest'
import { expectFlowFindings } from '../../power-automate/flow-rule-test-kit.js'
import { deepNestingRule as rule } from './fc-paf-mnt-001.js'

describe('FC-PAF-MNT-001 deep-nesting', () => {
  it('reports the container at the limit whose contents go deeper, once, through every kind of branch', () => {
    expectFlowFindings(
      rule,
      `
{
  "actions": {
    "Scope": { "type": "Scope", "actions": {
      "If": { "type": "If", "expression": true, "actions": {}, "else": { "actions": {
        "Switch": { "type": "Switch", "expression": 1, "cases": { "One": { "case": 1, "actions": {
          "Each": { "type": "Foreach", "foreach": [], "actions": {
            "Deep": { "type": "Compose", "inputs": 1 },
            "Deeper": { "type": "Compose", "inputs": 2 } } } } } }, "default": { "actions": {} } } } } } } }
  }
}`,
      [
        {
          line: 5,
          pointer: '#/actions/Scope/actions/If/else/actions/Switch',
          message: /^3 actions inside go down to depth 5; the limit is 3\.$/,
        },
      ],
      { options: { maxDepth: 3 } },
    )
  })

  it('accepts flows within the limit', () => {
    expectFlowFindings(
      rule,
      `{ "actions": { "Scope": { "type": "Scope", "actions": { "A": { "type": "Compose", "inputs": 1 } } } } }`,
      [],
    )
  })
})
