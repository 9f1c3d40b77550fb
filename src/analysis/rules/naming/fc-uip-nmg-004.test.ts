import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings, readCorpusFile } from '../rule-test-kit.js'
import { variableShadowsNameRule as rule } from './fc-uip-nmg-004.js'

const id = 'FC-UIP-NMG-004'
const WA = 'k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'

describe(`${id} variable-shadows-name`, () => {
  it('reports a variable that hides a variable of an enclosing scope, case-insensitively', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Run All Tests">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:Int32" Name="TestCounter" />
  </Sequence.Variables>
  <TryCatch DisplayName="Try running tests">
    <TryCatch.Try>
      <Sequence DisplayName="Do">
        <Sequence.Variables>
          <Variable x:TypeArguments="x:Int32" Name="testcounter" />
        </Sequence.Variables>
      </Sequence>
    </TryCatch.Try>
  </TryCatch>
</Sequence>`,
      [
        {
          ruleId: id,
          line: 9,
          column: 11,
          activity: 'Do',
          message: 'Variable "testcounter" hides variable "TestCounter" of "Run All Tests" (line 3).',
        },
      ],
    )
  })

  it('reports a variable that hides an argument', () => {
    expectFindings(
      rule,
      `
<x:Members>
  <x:Property Name="in_Config" Type="InArgument(x:String)" />
</x:Members>
<Sequence DisplayName="Init">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="In_Config" />
  </Sequence.Variables>
</Sequence>`,
      [{ ruleId: id, line: 6, column: 5, message: 'Variable "In_Config" hides argument "in_Config".' }],
    )
  })

  it('accepts the same name in sibling scopes, and distinct names in nested scopes', () => {
    expectFindings(
      rule,
      `
<x:Members>
  <x:Property Name="in_Config" Type="InArgument(x:String)" />
</x:Members>
<Sequence DisplayName="Main">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="Config" />
  </Sequence.Variables>
  <Sequence DisplayName="First">
    <Sequence.Variables>
      <Variable x:TypeArguments="x:String" Name="Row" />
    </Sequence.Variables>
  </Sequence>
  <Sequence DisplayName="Second">
    <Sequence.Variables>
      <Variable x:TypeArguments="x:String" Name="Row" />
      <Variable x:TypeArguments="x:String" Name="ConfigValue" />
    </Sequence.Variables>
  </Sequence>
</Sequence>`,
      [],
    )
  })

  it('reports the shadowed counters of the 2019 REFramework test runner at their real lines', () => {
    const file = 'uipath-reframework-2019/Tests/RunAllTests.xaml'
    if (corpusFiles('uipath-reframework-2019').length === 0) return
    expectFindings(
      rule,
      readCorpusFile(file),
      [
        { ruleId: id, line: 96, activity: 'Do' },
        { ruleId: id, line: 97 },
        { ruleId: id, line: 98 },
        { ruleId: id, line: 99 },
      ],
      { document: true, fileName: file },
    )
  })

  // Mirrors ST-NMG-005/006: the REFramework that passes UiPath's own Workflow Analyzer has no finding.
  describeNothingInCorpus(rule, 'corpus: ReFramework_WorkflowAnalyzer', corpusFiles(WA))
})
