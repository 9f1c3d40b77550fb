import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings, readCorpusFile } from '../rule-test-kit.js'
import { unusedVariableRule as rule } from './fc-uip-mnt-005.js'

const id = 'FC-UIP-MNT-005'

describe(`${id} unused-variable`, () => {
  it('reports a variable no expression mentions; a name inside a string or after a dot is not a use', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Main">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="QueueName" />
    <Variable x:TypeArguments="x:String" Name="SpecificContent" />
    <Variable x:TypeArguments="ui:QueueItem" Name="TransactionItem" />
  </Sequence.Variables>
  <ui:LogMessage Level="Info" Message="[&quot;QueueName&quot; + TransactionItem.SpecificContent(&quot;Id&quot;).ToString]" />
</Sequence>`,
      [
        {
          ruleId: id,
          line: 3,
          column: 5,
          activity: 'Variable',
          message: 'Variable QueueName (x:String) is never used.',
        },
        { ruleId: id, line: 4, column: 5, message: 'Variable SpecificContent (x:String) is never used.' },
      ],
    )
  })

  it('counts reads, OutArgument bindings, dictionary lookups, defaults of other variables and conditions', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <Sequence.Variables>
    <Variable x:TypeArguments="scg:Dictionary(x:String, x:Object)" Name="Config" />
    <Variable x:TypeArguments="x:Int32" Name="retries" />
    <Variable x:TypeArguments="x:Int32" Name="maxRetries" Default="[CInt(Config(&quot;MaxRetryNumber&quot;))]" />
    <Variable x:TypeArguments="x:Boolean" Name="done" />
    <Variable x:TypeArguments="x:String" Name="result" />
  </Sequence.Variables>
  <Assign>
    <Assign.To>
      <OutArgument x:TypeArguments="x:String">[result]</OutArgument>
    </Assign.To>
    <Assign.Value>
      <InArgument x:TypeArguments="x:String">hello</InArgument>
    </Assign.Value>
  </Assign>
  <If>
    <If.Condition>[RETRIES &lt; MaxRetries AndAlso Not Done]</If.Condition>
  </If>
</Sequence>`,
      [],
    )
  })

  it('VB is case-insensitive, C# is not', () => {
    const csharp = `
<Sequence sap2010:ExpressionActivityEditor.ExpressionActivityEditor="C#">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:Int32" Name="count" />
    <Variable x:TypeArguments="x:Int32" Name="total" />
  </Sequence.Variables>
  <WriteLine>
    <InArgument x:TypeArguments="x:String">
      <CSharpValue x:TypeArguments="x:String">Count.ToString() + $"{total}"</CSharpValue>
    </InArgument>
  </WriteLine>
</Sequence>`
    expectFindings(rule, csharp, [
      { ruleId: id, line: 3, message: 'Variable count (x:Int32) is never used.' },
    ])
  })

  it('a use inside an inner scope that redeclares the name belongs to the inner variable', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Outer">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:Int32" Name="counter" />
    <Variable x:TypeArguments="x:Object" Name="item" />
  </Sequence.Variables>
  <Sequence DisplayName="Inner">
    <Sequence.Variables>
      <Variable x:TypeArguments="x:Int32" Name="Counter" />
    </Sequence.Variables>
    <WriteLine Text="[counter.ToString]" />
    <ui:ForEach x:TypeArguments="x:Object" Values="[New Object() {1, 2}]">
      <ui:ForEach.Body>
        <ActivityAction x:TypeArguments="x:Object">
          <ActivityAction.Argument>
            <DelegateInArgument x:TypeArguments="x:Object" Name="item" />
          </ActivityAction.Argument>
          <WriteLine Text="[item.ToString]" />
        </ActivityAction>
      </ui:ForEach.Body>
    </ui:ForEach>
  </Sequence>
</Sequence>`,
      [
        { ruleId: id, line: 3, message: 'Variable counter (x:Int32) is never used.' },
        { ruleId: id, line: 4, message: 'Variable item (x:Object) is never used.' },
      ],
    )
  })

  it('a use outside the variable scope does not count; a variable used only in its own Default is unused', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <Sequence>
    <Sequence.Variables>
      <Variable x:TypeArguments="x:String" Name="local" Default="[local]" />
    </Sequence.Variables>
    <WriteLine Text="in scope" />
  </Sequence>
  <WriteLine Text="[local]" />
</Sequence>`,
      [{ ruleId: id, line: 4 }],
    )
  })

  it('interpolation holes are code, the rest of the string is not', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="userName" />
    <Variable x:TypeArguments="x:String" Name="greeting" />
  </Sequence.Variables>
  <WriteLine Text="[$&quot;greeting {userName}&quot;]" />
</Sequence>`,
      [{ ruleId: id, line: 4, message: 'Variable greeting (x:String) is never used.' }],
    )
  })

  it('reports the outer variables that inner scopes shadow in the 2019 REFramework RunAllTests.xaml', () => {
    const file = 'uipath-reframework-2019/Tests/RunAllTests.xaml'
    if (corpusFiles('uipath-reframework-2019').length === 0) return
    expectFindings(
      rule,
      readCorpusFile(file),
      [
        { ruleId: id, line: 74, message: 'Variable dt_Tests (sd:DataTable) is never used.' },
        { ruleId: id, line: 75, message: 'Variable TestCounter (x:Int32) is never used.' },
        { ruleId: id, line: 76 },
        { ruleId: id, line: 77 },
        { ruleId: id, line: 78, message: 'Variable StartTime (s:DateTime) is never used.' },
      ],
      { document: true, fileName: file },
    )
  })

  it('reports nothing in the current REFramework templates, VB and C#', () => {
    for (const file of [
      ...corpusFiles('uipath-studiotemplates-reframework/pt0'),
      ...corpusFiles('uipath-studiotemplates-reframework/pt1'),
    ]) {
      expectFindings(rule, readCorpusFile(file), [], { document: true, fileName: file })
    }
  })

  // Mirrors ST-USG-009: the REFramework that passes UiPath's own Workflow Analyzer has no finding.
  describeNothingInCorpus(
    rule,
    'corpus: ReFramework_WorkflowAnalyzer (passes UiPath Workflow Analyzer)',
    corpusFiles('k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'),
  )
})
