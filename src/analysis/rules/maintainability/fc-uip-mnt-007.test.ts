import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings, readCorpusFile } from '../rule-test-kit.js'
import { ifEmptyThenRule as rule } from './fc-uip-mnt-007.js'

const id = 'FC-UIP-MNT-007'

describe(`${id} if-empty-then`, () => {
  it('reports an empty If and an If that works only in Else', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <If DisplayName="Check A" Condition="[a]" />
  <If DisplayName="Check B" Condition="[b]">
    <If.Then>
      <Sequence DisplayName="Then" />
    </If.Then>
    <If.Else>
      <WriteLine Text="not b" />
    </If.Else>
  </If>
</Sequence>`,
      [
        {
          ruleId: id,
          line: 2,
          column: 3,
          activity: 'Check A',
          message: 'If has no activities in Then or Else.',
        },
        { ruleId: id, line: 3, column: 3, activity: 'Check B', message: 'If has activities only in Else.' },
      ],
    )
  })

  it('accepts an If with a Then, with or without Else (an empty Else placeholder is fine)', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <If Condition="[a]">
    <If.Then>
      <WriteLine Text="a" />
    </If.Then>
  </If>
  <If Condition="[b]">
    <If.Then>
      <Sequence DisplayName="Then">
        <WriteLine Text="b" />
      </Sequence>
    </If.Then>
    <If.Else>
      <Sequence DisplayName="Else" />
    </If.Else>
  </If>
</Sequence>`,
      [],
    )
  })

  it('reports the Else-only If of KillRobotOwnedProcesses_wmi.xaml', () => {
    const file = 'k2zinger-uipath-snippets/Workflows/KillRobotOwnedProcesses_wmi.xaml'
    if (corpusFiles('k2zinger-uipath-snippets').length === 0) return
    expectFindings(
      rule,
      readCorpusFile(file),
      [{ ruleId: id, line: 226, column: 37, message: 'If has activities only in Else.' }],
      {
        document: true,
        fileName: file,
      },
    )
  })

  // Mirrors ST-MRD-017: the REFramework that passes UiPath's own Workflow Analyzer has no finding.
  describeNothingInCorpus(
    rule,
    'corpus: ReFramework_WorkflowAnalyzer (passes UiPath Workflow Analyzer)',
    corpusFiles('k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'),
  )
})
