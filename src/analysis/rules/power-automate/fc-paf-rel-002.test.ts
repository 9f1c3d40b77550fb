import { describe, it } from 'vitest'
import { expectFlowFindings } from '../../power-automate/flow-rule-test-kit.js'
import { untilWithoutLimitRule as rule } from './fc-paf-rel-002.js'

describe('FC-PAF-REL-002 until-without-limit', () => {
  it('reports a Do until with no limit or an empty one, nested too', () => {
    expectFlowFindings(
      rule,
      `
{
  "actions": {
    "Poll": { "type": "Until", "expression": "@equals(variables('done'), true)", "actions": {} },
    "Scope": { "type": "Scope", "actions": {
      "Poll_again": { "type": "Until", "expression": "@equals(variables('done'), true)", "limit": {}, "actions": {} } } }
  }
}`,
      [
        { line: 3, pointer: '#/actions/Poll', message: /^No limit/ },
        { line: 5, pointer: '#/actions/Scope/actions/Poll_again', message: /neither a count nor a timeout/ },
      ],
    )
  })

  it('accepts a limit with a count or a timeout', () => {
    expectFlowFindings(
      rule,
      `
{
  "actions": {
    "Poll": { "type": "Until", "expression": "@equals(1, 1)", "limit": { "count": 8, "timeout": "PT1H" }, "actions": {} },
    "Poll_2": { "type": "Until", "expression": "@equals(1, 1)", "limit": { "timeout": "PT24H" }, "actions": {} }
  }
}`,
      [],
    )
  })
})
