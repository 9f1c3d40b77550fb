import { describe, expect, it } from 'vitest'
import { RuleOptionError } from '../rule-options.js'
import {
  corpusFiles,
  describeNothingInCorpus,
  expectFindings,
  findingsOf,
  readCorpusFile,
} from '../rule-test-kit.js'
import { nestingTooDeepRule as rule } from './fc-uip-mnt-002.js'

const id = 'FC-UIP-MNT-002'

/** `levels` nested Sequences (one per line), the innermost holding `inner`. */
function nestedSequences(levels: number, inner: string): string {
  const open = Array.from({ length: levels }, (_, i) => `<Sequence DisplayName="S${i}">`)
  const close = Array.from({ length: levels }, () => '</Sequence>')
  return `\n${[...open, inner, ...close].join('\n')}`
}

describe(`${id} nesting-too-deep`, () => {
  it('reports the first activity nested inside 7 activities, once per deep subtree', () => {
    // Lines 1-7: S0..S6; line 8 is the 8th activity (7 around it): reported; its subtree is not.
    expectFindings(
      rule,
      nestedSequences(7, '<Sequence DisplayName="Deep"><WriteLine Text="x" /></Sequence>'),
      [
        {
          ruleId: id,
          line: 8,
          column: 1,
          activity: 'Deep',
          message: 'Nested inside 7 activities (threshold: 7).',
        },
      ],
    )
  })

  it('accepts 7 levels of activities (the innermost has 6 around it)', () => {
    expectFindings(rule, nestedSequences(6, '<WriteLine Text="x" />'), [])
  })

  it('counts activities only, not property elements, ActivityAction, Catch or FlowStep wrappers', () => {
    // Activities: Sequence > TryCatch > ForEach > If > Flowchart > (FlowStep) Sequence > WriteLine = depth 6.
    expectFindings(
      rule,
      `
<Sequence>
  <TryCatch>
    <TryCatch.Try>
      <ui:ForEach x:TypeArguments="x:Object" Values="[items]">
        <ui:ForEach.Body>
          <ActivityAction x:TypeArguments="x:Object">
            <ActivityAction.Argument>
              <DelegateInArgument x:TypeArguments="x:Object" Name="item" />
            </ActivityAction.Argument>
            <If Condition="[item IsNot Nothing]">
              <If.Then>
                <Flowchart>
                  <Flowchart.StartNode>
                    <FlowStep x:Name="s1">
                      <Sequence>
                        <WriteLine Text="ok" />
                      </Sequence>
                    </FlowStep>
                  </Flowchart.StartNode>
                </Flowchart>
              </If.Then>
            </If>
          </ActivityAction>
        </ui:ForEach.Body>
      </ui:ForEach>
    </TryCatch.Try>
  </TryCatch>
</Sequence>`,
      [],
    )
  })

  it('reports two separate deep branches separately', () => {
    const deep = nestedSequences(
      7,
      '<WriteLine DisplayName="A" Text="a" />\n<WriteLine DisplayName="B" Text="b" />',
    )
    expectFindings(rule, deep, [
      { ruleId: id, line: 8, activity: 'A' },
      { ruleId: id, line: 9, activity: 'B' },
    ])
  })

  it('does not count argument values (Literal) or option objects (Filter Data Table conditions) as nested steps', () => {
    // From the vendor-invoices project: PDF_ExtractData.xaml:235 (a Literal giving a Nullable(Int32)
    // argument its value) and ACME/ACME_ReadWorkItem.xaml:250 (a Filter Data Table condition), both
    // written with 6 activities around their owner.
    expectFindings(
      rule,
      nestedSequences(
        6,
        `<ui:ExtractDocumentData DisplayName="Extract Document Data">
  <ui:ExtractDocumentData.AutoValidationConfidenceThreshold>
    <InArgument x:TypeArguments="x:Int32"><Literal x:TypeArguments="x:Int32" Value="0" /></InArgument>
  </ui:ExtractDocumentData.AutoValidationConfidenceThreshold>
</ui:ExtractDocumentData>
<ui:FilterDataTable DisplayName="Filter Data Table" DataTable="[dtExtractedData]">
  <ui:FilterDataTable.Filters>
    <scg:List x:TypeArguments="ui:FilterOperationArgument" Capacity="4">
      <ui:FilterOperationArgument BooleanOperator="And" Operator="EQ" />
    </scg:List>
  </ui:FilterDataTable.Filters>
</ui:FilterDataTable>`,
      ),
      [],
    )
  })

  it('option threshold', () => {
    expectFindings(rule, nestedSequences(3, '<WriteLine Text="x" />'), [{ ruleId: id, line: 4 }], {
      options: { threshold: 3 },
    })
    expectFindings(rule, nestedSequences(8, '<WriteLine Text="x" />'), [], { options: { threshold: 9 } })
    expect(() => findingsOf(rule, '<Sequence />', { options: { threshold: 0 } })).toThrow(RuleOptionError)
  })

  it('reports the 2019 REFramework GetAppCredentials.xaml (dropped from the analyzer-clean variant)', () => {
    const file = 'uipath-reframework-2019/Framework/GetAppCredentials.xaml'
    if (corpusFiles('uipath-reframework-2019').length === 0) return
    expectFindings(
      rule,
      readCorpusFile(file),
      [{ ruleId: id, line: 120, column: 31, activity: 'Invoke method (AppendChar)' }],
      {
        document: true,
        fileName: file,
      },
    )
  })

  // Mirrors ST-MRD-009: the REFramework that passes UiPath's own Workflow Analyzer has no finding.
  describeNothingInCorpus(
    rule,
    'corpus: ReFramework_WorkflowAnalyzer (passes UiPath Workflow Analyzer)',
    corpusFiles('k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'),
  )
})
