import { describe, it } from 'vitest'
import { expectFlowFindings } from '../../power-automate/flow-rule-test-kit.js'
import { missingChildFlowRule as rule } from './fc-paf-prj-001.js'

const FLOW = `
{
  "actions": {
    "Run_child": { "type": "Workflow", "inputs": { "host": { "workflowReferenceName": "dcb75fef-35d6-ec11-a7b5-000d3af46350" } } },
    "Run_other": { "type": "Workflow", "inputs": { "host": { "workflowReferenceName": "{83B1EC3A-88D3-EC11-A7B5-000D3AF46350}" } } },
    "Run_dynamic": { "type": "Workflow", "inputs": { "host": { "workflowReferenceName": "@variables('child')" } } }
  }
}`

describe('FC-PAF-PRJ-001 missing-child-flow', () => {
  it('reports a child flow whose id is not a flow of the solution', () => {
    expectFlowFindings(
      rule,
      FLOW,
      [
        {
          line: 4,
          pointer: '#/actions/Run_other',
          message: /^Child flow 83b1ec3a-88d3-ec11-a7b5-000d3af46350 is not in the solution\.$/,
        },
      ],
      {
        submission: { kind: 'solution', workflowIds: new Set(['dcb75fef-35d6-ec11-a7b5-000d3af46350']) },
      },
    )
  })

  it('judges nothing outside a solution, where the other flows are unknown', () => {
    expectFlowFindings(rule, FLOW, [])
    expectFlowFindings(rule, FLOW, [], { submission: { kind: 'package', workflowIds: new Set() } })
  })
})
