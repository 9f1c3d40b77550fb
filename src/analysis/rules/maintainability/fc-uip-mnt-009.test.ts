import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings, readCorpusFile } from '../rule-test-kit.js'
import { unreachableFlowchartNodeRule as rule } from './fc-uip-mnt-009.js'

const id = 'FC-UIP-MNT-009'

describe(`${id} unreachable-flowchart-node`, () => {
  it('reports nodes no path from the Start node reaches, through x:Reference links too', () => {
    expectFindings(
      rule,
      `
<Flowchart DisplayName="Flow">
  <Flowchart.StartNode>
    <x:Reference>__ReferenceID0</x:Reference>
  </Flowchart.StartNode>
  <FlowStep x:Name="__ReferenceID0">
    <WriteLine DisplayName="First" Text="1" />
    <FlowStep.Next>
      <FlowDecision x:Name="__ReferenceID1" Condition="[ok]">
        <FlowDecision.True>
          <FlowStep x:Name="__ReferenceID2">
            <WriteLine DisplayName="Second" Text="2" />
          </FlowStep>
        </FlowDecision.True>
      </FlowDecision>
    </FlowStep.Next>
  </FlowStep>
  <FlowStep x:Name="__ReferenceID3">
    <WriteLine DisplayName="Orphan" Text="3" />
    <FlowStep.Next>
      <x:Reference>__ReferenceID2</x:Reference>
    </FlowStep.Next>
  </FlowStep>
  <FlowDecision x:Name="__ReferenceID4" DisplayName="Dangling decision" Condition="[x]" />
</Flowchart>`,
      [
        {
          ruleId: id,
          line: 17,
          column: 3,
          activity: 'Orphan',
          message: 'FlowStep is not reachable from the Start node of Flow.',
        },
        {
          ruleId: id,
          line: 23,
          column: 3,
          activity: 'Dangling decision',
          message: 'FlowDecision is not reachable from the Start node of Flow.',
        },
      ],
    )
  })

  it('accepts a fully connected flowchart with a loop back, and reports per flowchart (nested ones too)', () => {
    expectFindings(
      rule,
      `
<Flowchart DisplayName="Outer">
  <Flowchart.StartNode>
    <FlowStep x:Name="a">
      <Flowchart DisplayName="Inner">
        <Flowchart.StartNode>
          <FlowStep x:Name="b">
            <WriteLine Text="b" />
          </FlowStep>
        </Flowchart.StartNode>
        <FlowStep x:Name="c">
          <WriteLine DisplayName="Inner orphan" Text="c" />
        </FlowStep>
      </Flowchart>
      <FlowStep.Next>
        <FlowDecision x:Name="d" Condition="[again]" True="{x:Reference a}" />
      </FlowStep.Next>
    </FlowStep>
  </Flowchart.StartNode>
</Flowchart>`,
      [
        {
          ruleId: id,
          line: 10,
          activity: 'Inner orphan',
          message: 'FlowStep is not reachable from the Start node of Inner.',
        },
      ],
    )
  })

  it('reports nothing in the REFramework flowcharts (SetTransactionStatus, RetryCurrentTransaction)', () => {
    for (const file of corpusFiles('uipath-reframework-2019')) {
      expectFindings(rule, readCorpusFile(file), [], { document: true, fileName: file })
    }
  })

  // Mirrors ST-MRD-004: the REFramework that passes UiPath's own Workflow Analyzer has no finding.
  describeNothingInCorpus(
    rule,
    'corpus: ReFramework_WorkflowAnalyzer (passes UiPath Workflow Analyzer)',
    corpusFiles('k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'),
  )
})
