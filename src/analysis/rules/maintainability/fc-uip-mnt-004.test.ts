import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings, readCorpusFile } from '../rule-test-kit.js'
import { emptySequenceOrWorkflowRule as rule } from './fc-uip-mnt-004.js'

const id = 'FC-UIP-MNT-004'

describe(`${id} empty-sequence-or-workflow`, () => {
  it('reports an empty workflow once (its main Sequence), not also as an empty sequence', () => {
    expectFindings(rule, '<Sequence DisplayName="Main" />', [
      { ruleId: id, line: 1, activity: 'Main', message: "The workflow's Sequence has no activities." },
    ])
    expectFindings(rule, '<Flowchart DisplayName="Flow" />', [{ ruleId: id, line: 1, activity: 'Flow' }])
  })

  it('reports a workflow file without any activity', () => {
    expectFindings(rule, '<x:Members><x:Property Name="in_A" Type="InArgument(x:String)" /></x:Members>', [
      { ruleId: id, line: 1, activity: 'RuleTest', message: 'The workflow has no activities.' },
    ])
  })

  it('reports empty nested containers, not designer metadata or variables', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Main">
  <Sequence DisplayName="Nothing here">
    <Sequence.Variables>
      <Variable x:TypeArguments="x:String" Name="unusedToo" />
    </Sequence.Variables>
    <sap:WorkflowViewStateService.ViewState>
      <scg:Dictionary x:TypeArguments="x:String, x:Object">
        <x:Boolean x:Key="IsExpanded">True</x:Boolean>
      </scg:Dictionary>
    </sap:WorkflowViewStateService.ViewState>
  </Sequence>
  <Parallel />
  <Flowchart DisplayName="Empty flow" />
  <WriteLine Text="work" />
</Sequence>`,
      [
        { ruleId: id, line: 2, column: 3, activity: 'Nothing here', message: 'Sequence has no activities.' },
        { ruleId: id, line: 12, column: 3, activity: 'Parallel' },
        { ruleId: id, line: 13, column: 3, activity: 'Empty flow', message: 'Flowchart has no activities.' },
      ],
    )
  })

  it('leaves empty catch handlers to FC-UIP-ERR-001 and empty If branches to FC-UIP-MNT-007', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <TryCatch>
    <TryCatch.Try>
      <WriteLine Text="work" />
    </TryCatch.Try>
    <TryCatch.Catches>
      <Catch x:TypeArguments="s:Exception">
        <ActivityAction x:TypeArguments="s:Exception">
          <Sequence DisplayName="Handle" />
        </ActivityAction>
      </Catch>
    </TryCatch.Catches>
  </TryCatch>
  <If Condition="[a]">
    <If.Then>
      <Sequence DisplayName="Then" />
    </If.Then>
    <If.Else>
      <Sequence DisplayName="Else" />
    </If.Else>
  </If>
  <If Condition="[b]">
    <If.Then>
      <WriteLine Text="b" />
    </If.Then>
    <If.Else>
      <Sequence DisplayName="Else" />
    </If.Else>
  </If>
</Sequence>`,
      [],
    )
  })

  it('option containerTypes: report only empty Sequences', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <Sequence />
  <Flowchart />
</Sequence>`,
      [{ ruleId: id, line: 2 }],
      { options: { containerTypes: ['Sequence'] } },
    )
  })

  it('reports the placeholder Process.xaml of the 2019 REFramework', () => {
    const file = 'uipath-reframework-2019/Process.xaml'
    if (corpusFiles('uipath-reframework-2019').length === 0) return
    expectFindings(rule, readCorpusFile(file), [{ ruleId: id, line: 68, column: 3, activity: 'Process' }], {
      document: true,
      fileName: file,
    })
  })

  it('reports nothing in the current REFramework templates (empty Else placeholders of Studio)', () => {
    for (const file of corpusFiles('uipath-studiotemplates-reframework/pt2')) {
      expectFindings(rule, readCorpusFile(file), [], { document: true, fileName: file })
    }
  })

  // Mirrors ST-MRD-008 and ST-DBP-023: the REFramework that passes UiPath's own Workflow Analyzer has no finding.
  describeNothingInCorpus(
    rule,
    'corpus: ReFramework_WorkflowAnalyzer (passes UiPath Workflow Analyzer)',
    corpusFiles('k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'),
  )
})
