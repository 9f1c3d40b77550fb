import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings, readCorpusFile } from '../rule-test-kit.js'
import { redundantSequenceRule as rule } from './fc-uip-mnt-006.js'

const id = 'FC-UIP-MNT-006'

describe(`${id} redundant-sequence`, () => {
  it('reports an unnamed Sequence that wraps one activity inside another Sequence', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Main">
  <Sequence>
    <WriteLine DisplayName="Say hi" Text="hi" />
  </Sequence>
  <Sequence DisplayName="Sequence">
    <WriteLine Text="bye" />
  </Sequence>
</Sequence>`,
      [
        { ruleId: id, line: 2, column: 3, activity: 'Sequence', message: 'Sequence holds only Say hi.' },
        { ruleId: id, line: 5, column: 3, message: 'Sequence holds only WriteLine.' },
      ],
    )
  })

  it('accepts bodies, branches, variable scopes, annotated or named sections and multi-activity Sequences', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Main">
  <Sequence DisplayName="... Given">
    <WriteLine Text="named section" />
  </Sequence>
  <Sequence sap2010:Annotation.AnnotationText="Why this block exists">
    <WriteLine Text="annotated" />
  </Sequence>
  <Sequence>
    <Sequence.Variables>
      <Variable x:TypeArguments="x:Int32" Name="count" />
    </Sequence.Variables>
    <WriteLine Text="[count.ToString]" />
  </Sequence>
  <Sequence>
    <WriteLine Text="one" />
    <WriteLine Text="two" />
  </Sequence>
  <If Condition="[a]">
    <If.Then>
      <Sequence>
        <WriteLine Text="branch body" />
      </Sequence>
    </If.Then>
  </If>
  <ui:ForEach x:TypeArguments="x:Object" Values="[items]">
    <ui:ForEach.Body>
      <ActivityAction x:TypeArguments="x:Object">
        <Sequence>
          <WriteLine Text="loop body" />
        </Sequence>
      </ActivityAction>
    </ui:ForEach.Body>
  </ui:ForEach>
</Sequence>`,
      [],
    )
  })

  it('option ignoreNamedSequences=false reports named sections too', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Main">
  <Sequence DisplayName="... When">
    <WriteLine Text="x" />
  </Sequence>
</Sequence>`,
      [{ ruleId: id, line: 2, activity: '... When' }],
      { options: { ignoreNamedSequences: false } },
    )
  })

  it('accepts the Given/When/Then sections of the UiPath test-case templates', () => {
    const file = 'uipath-studiotemplates-reframework/pt0/VisualBasic/Tests/WorkflowTestCaseTemplate.xaml'
    if (corpusFiles('uipath-studiotemplates-reframework').length === 0) return
    expectFindings(rule, readCorpusFile(file), [], { document: true, fileName: file })
  })

  // Mirrors ST-MRD-005: the REFramework that passes UiPath's own Workflow Analyzer has no finding.
  describeNothingInCorpus(
    rule,
    'corpus: ReFramework_WorkflowAnalyzer (passes UiPath Workflow Analyzer)',
    corpusFiles('k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'),
  )
})
