import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings } from '../rule-test-kit.js'
import { nameTooLongRule as rule } from './fc-uip-nmg-005.js'

const id = 'FC-UIP-NMG-005'
const WA = 'k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'
const NAME_31 = 'NumberOfConsecutiveSystemErrors' // 31 characters
const NAME_30 = 'NumberOfConsecutiveSystemError' // 30 characters

describe(`${id} name-too-long`, () => {
  it('reports variables and arguments over 30 characters, not at exactly 30', () => {
    expectFindings(
      rule,
      `
<x:Members>
  <x:Property Name="in_${NAME_31}" Type="InArgument(x:Int32)" />
  <x:Property Name="in_ConsecutiveSystemExceptions" Type="InArgument(x:Int32)" />
</x:Members>
<Sequence DisplayName="Retry">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:Int32" Name="${NAME_31}" />
    <Variable x:TypeArguments="x:Int32" Name="${NAME_30}" />
  </Sequence.Variables>
</Sequence>`,
      [
        {
          ruleId: id,
          line: 2,
          column: 3,
          activity: 'Retry',
          message: `Argument "in_${NAME_31}" has 34 characters (maximum 30).`,
        },
        {
          ruleId: id,
          line: 7,
          column: 5,
          activity: 'Retry',
          message: `Variable "${NAME_31}" has 31 characters (maximum 30).`,
        },
      ],
    )
  })

  it('options set the limits separately', () => {
    const snippet = `
<x:Members>
  <x:Property Name="in_TransactionField1" Type="InArgument(x:String)" />
</x:Members>
<Sequence>
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="TransactionField1" />
  </Sequence.Variables>
</Sequence>`
    expectFindings(rule, snippet, [{ ruleId: id, line: 6 }], { options: { maxVariableLength: 10 } })
    expectFindings(rule, snippet, [{ ruleId: id, line: 2 }], { options: { maxArgumentLength: 15 } })
  })

  // Mirrors ST-NMG-008/016: the REFramework that passes UiPath's own Workflow Analyzer has no finding.
  describeNothingInCorpus(rule, 'corpus: ReFramework_WorkflowAnalyzer', corpusFiles(WA))
})
