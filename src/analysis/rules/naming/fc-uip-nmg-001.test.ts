import { describe, expect, it } from 'vitest'
import { RuleOptionError } from '../rule-options.js'
import { corpusFiles, describeNothingInCorpus, expectFindings, findingsOf } from '../rule-test-kit.js'
import { variableNamingConventionRule as rule } from './fc-uip-nmg-001.js'

const id = 'FC-UIP-NMG-001'
const WA = 'k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'

describe(`${id} variable-naming-convention`, () => {
  it('reports variables that break the default pattern, at the Variable element', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Process invoice">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="invoice_number" />
    <Variable x:TypeArguments="x:Int32" Name="2ndTry" />
    <Variable x:TypeArguments="x:Int32" Name="Retry1Count" />
  </Sequence.Variables>
</Sequence>`,
      [
        {
          ruleId: id,
          line: 3,
          column: 5,
          activity: 'Process invoice',
          message: 'Variable "invoice_number" does not match ^(dt_)?([A-Z]|[a-z])+([0-9])*$.',
        },
        { ruleId: id, line: 4, column: 5 },
        { ruleId: id, line: 5, column: 5 },
      ],
    )
  })

  it('accepts PascalCase, camelCase, trailing digits and the dt_ prefix (the REFramework names)', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Main">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:Int32" Name="TransactionNumber" />
    <Variable x:TypeArguments="scg:Dictionary(x:String, x:Object)" Name="Config" />
    <Variable x:TypeArguments="s:Exception" Name="SystemException" />
    <Variable x:TypeArguments="x:String" Name="fileName" />
    <Variable x:TypeArguments="x:String" Name="Row2" />
    <Variable x:TypeArguments="x:Object" Name="dt_Orders" />
  </Sequence.Variables>
  <ForEach x:TypeArguments="x:String" DisplayName="For each file" Values="[files]">
    <ActivityAction x:TypeArguments="x:String">
      <ActivityAction.Argument>
        <DelegateInArgument x:TypeArguments="x:String" Name="current_item" />
      </ActivityAction.Argument>
    </ActivityAction>
  </ForEach>
</Sequence>`,
      [],
    )
  })

  it('checks variables of nested scopes and labels them with their scope', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Outer">
  <If Condition="[True]" DisplayName="If ready">
    <If.Then>
      <Sequence DisplayName="Inner">
        <Sequence.Variables>
          <Variable x:TypeArguments="x:String" Name="str-value" />
        </Sequence.Variables>
      </Sequence>
    </If.Then>
  </If>
</Sequence>`,
      [{ ruleId: id, line: 6, column: 11, activity: 'Inner' }],
    )
  })

  it('option pattern enforces another convention (PascalCase only)', () => {
    const snippet = `
<Sequence>
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="fileName" />
    <Variable x:TypeArguments="x:String" Name="FileName" />
  </Sequence.Variables>
</Sequence>`
    expectFindings(rule, snippet, [{ ruleId: id, line: 3 }], { options: { pattern: '^[A-Z][A-Za-z0-9]*$' } })
  })

  it('rejects an invalid pattern when the pack is loaded', () => {
    expect(() => findingsOf(rule, '<Sequence />', { options: { pattern: '([A-Z' } })).toThrow(RuleOptionError)
  })

  // Mirrors ST-NMG-001: the REFramework that passes UiPath's own Workflow Analyzer has no finding.
  describeNothingInCorpus(rule, 'corpus: ReFramework_WorkflowAnalyzer', corpusFiles(WA))
})
