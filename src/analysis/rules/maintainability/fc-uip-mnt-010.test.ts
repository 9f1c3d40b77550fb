import { describe, it } from 'vitest'
import {
  corpusFiles,
  describeCorpusFindings,
  describeNothingInCorpus,
  expectFindings,
} from '../rule-test-kit.js'
import { multipleFlowchartLayersRule as rule } from './fc-uip-mnt-010.js'

const id = 'FC-UIP-MNT-010'

describe(`${id} multiple-flowchart-layers`, () => {
  it('reports a Flowchart inside a Flowchart, also through a flow step and a Sequence', () => {
    expectFindings(
      rule,
      `
<Flowchart DisplayName="Main flow">
  <Flowchart.StartNode>
    <FlowStep>
      <Sequence DisplayName="Step">
        <Flowchart DisplayName="Inner flow" />
      </Sequence>
    </FlowStep>
  </Flowchart.StartNode>
</Flowchart>`,
      [
        {
          ruleId: id,
          line: 5,
          column: 9,
          activity: 'Inner flow',
          message: 'Flowchart layer 2, inside the Flowchart "Main flow".',
        },
      ],
    )
  })

  it('accepts Flowcharts side by side and a Flowchart in a Sequence', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Main">
  <Flowchart DisplayName="First" />
  <Flowchart DisplayName="Second" />
</Sequence>`,
      [],
    )
  })

  it('allows more layers when maxLayers says so', () => {
    const snippet = `
<Flowchart DisplayName="Outer">
  <FlowStep>
    <Flowchart DisplayName="Middle">
      <FlowStep>
        <Flowchart DisplayName="Inner" />
      </FlowStep>
    </Flowchart>
  </FlowStep>
</Flowchart>`
    expectFindings(
      rule,
      snippet,
      [{ ruleId: id, line: 5, message: 'Flowchart layer 3, inside the Flowchart "Middle".' }],
      {
        options: { maxLayers: 2 },
      },
    )
    expectFindings(rule, snippet, [
      { ruleId: id, line: 3 },
      { ruleId: id, line: 5 },
    ])
  })

  describeCorpusFindings(rule, 'corpus', {
    // A lint tool's test artefact: a Flowchart placed as a step of the Flowchart "tres".
    'flindersuni-rpa-lint/test/artefacts/tre.xaml': [81],
    // REFramework 2019: the "Retry current transaction" Flowchart sits in the Flowchart of
    // SetTransactionStatus (later templates moved it out).
    'uipath-reframework-2019/Framework/SetTransactionStatus.xaml': [236],
  })

  // Mirrors ST-DBP-007: the REFramework that passes UiPath's own analyzer has no nested Flowchart.
  describeNothingInCorpus(
    rule,
    'ReFramework_WorkflowAnalyzer',
    corpusFiles('k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'),
  )
})
