import { describe, it } from 'vitest'
import { corpusFiles, expectFindings, readCorpusFile } from '../rule-test-kit.js'
import { dataTablePrefixRule as rule } from './fc-uip-nmg-006.js'

const id = 'FC-UIP-NMG-006'
const WA = 'k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'
const SD = 'xmlns:sd="clr-namespace:System.Data;assembly=System.Data"'

describe(`${id} datatable-prefix`, () => {
  it('reports DataTable variables and arguments without dt_', () => {
    expectFindings(
      rule,
      `
<x:Members ${SD}>
  <x:Property Name="io_TransactionData" Type="InOutArgument(sd:DataTable)" />
  <x:Property Name="in_dt_Orders" Type="InArgument(sd:DataTable)" />
</x:Members>
<Sequence DisplayName="Get data" ${SD}>
  <Sequence.Variables>
    <Variable x:TypeArguments="sd:DataTable" Name="Assets" />
    <Variable x:TypeArguments="sd:DataTable" Name="dt_Assets" />
    <Variable x:TypeArguments="x:String" Name="TransactionData" />
  </Sequence.Variables>
</Sequence>`,
      [
        {
          ruleId: id,
          line: 2,
          column: 3,
          activity: 'Get data',
          message: 'DataTable argument "io_TransactionData" does not match ^((in|out|io)_)?dt_.',
        },
        {
          ruleId: id,
          line: 7,
          column: 5,
          activity: 'Get data',
          message: 'DataTable variable "Assets" does not match ^dt_.',
        },
      ],
    )
  })

  it('accepts dt_ after any direction prefix (or none: the direction is FC-UIP-NMG-002), and non-DataTable types', () => {
    expectFindings(
      rule,
      `
<x:Members ${SD}>
  <x:Property Name="out_dt_Result" Type="OutArgument(sd:DataTable)" />
  <x:Property Name="dt_Input" Type="InArgument(sd:DataTable)" />
  <x:Property Name="in_Rows" Type="InArgument(s:Data.DataRow[])" />
</x:Members>
<Sequence ${SD}>
  <Sequence.Variables>
    <Variable x:TypeArguments="sd:DataRow" Name="Row" />
    <Variable x:TypeArguments="x:String" Name="DataTableName" />
  </Sequence.Variables>
</Sequence>`,
      [],
    )
  })

  it('options change the prefix and the types', () => {
    const snippet = `
<Sequence ${SD}>
  <Sequence.Variables>
    <Variable x:TypeArguments="sd:DataTable" Name="tblOrders" />
    <Variable x:TypeArguments="sd:DataSet" Name="Orders" />
  </Sequence.Variables>
</Sequence>`
    expectFindings(rule, snippet, [{ ruleId: id, line: 4 }], {
      options: { variablePattern: '^tbl', dataTableTypes: ['System.Data.DataTable', 'System.Data.DataSet'] },
    })
  })

  it('reports the 2019 REFramework io_TransactionData argument at its real line', () => {
    const file = 'uipath-reframework-2019/Framework/GetTransactionData.xaml'
    if (corpusFiles('uipath-reframework-2019').length === 0) return
    expectFindings(rule, readCorpusFile(file), [{ ruleId: id, line: 20, column: 5 }], {
      document: true,
      fileName: file,
    })
  })

  // Differs from UiPath on purpose (see the doc page): the Workflow-Analyzer REFramework (Studio 20.4)
  // renamed its DataTable argument (ST-NMG-011) but kept four DataTable variables without dt_ (ST-NMG-009).
  describe.skipIf(corpusFiles(WA).length === 0)('corpus: ReFramework_WorkflowAnalyzer', () => {
    const expected: Record<string, { line: number; name: string }[]> = {
      [`${WA}/Framework/InitAllSettings.xaml`]: [
        { line: 89, name: 'SettingsAndConstants' },
        { line: 147, name: 'Assets' },
      ],
      [`${WA}/Main.xaml`]: [{ line: 657, name: 'TransactionData' }],
      [`${WA}/Tests/RunAllTests.xaml`]: [{ line: 89, name: 'Tests' }],
    }
    for (const file of corpusFiles(WA)) {
      it(`reports only unprefixed DataTable variables in ${file}`, () => {
        expectFindings(
          rule,
          readCorpusFile(file),
          (expected[file] ?? []).map(({ line, name }) => ({
            ruleId: id,
            line,
            message: `DataTable variable "${name}" does not match ^dt_.`,
          })),
          { document: true, fileName: file },
        )
      })
    }
  })
})
