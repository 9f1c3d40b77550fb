import { describe, it } from 'vitest'
import { describeCorpusFindings, expectFindings } from '../rule-test-kit.js'
import { undefinedOutputPropertyRule as rule } from './fc-uip-mnt-012.js'

const id = 'FC-UIP-MNT-012'

describe(`${id} undefined-output-property`, () => {
  it('reports activities whose output is bound to nothing (absent or {x:Null})', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:GetRobotAsset DisplayName="Get API URL" AssetName="[in_Config(&quot;ApiUrlAsset&quot;).ToString]" />
  <ui:ReadRange DisplayName="Read invoices" WorkbookPath="[path]" SheetName="Invoices" DataTable="{x:Null}" />
  <ui:ElementExists DisplayName="Error shown?" />
</Sequence>`,
      [
        {
          ruleId: id,
          line: 2,
          column: 3,
          activity: 'Get API URL',
          message: 'Value of ui:GetRobotAsset is not stored.',
        },
        {
          ruleId: id,
          line: 3,
          activity: 'Read invoices',
          message: 'DataTable of ui:ReadRange is not stored.',
        },
        { ruleId: id, line: 4, message: 'Exists of ui:ElementExists is not stored.' },
      ],
    )
  })

  it('accepts bound outputs in any form, under the listed name or a usual output name', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:GetRobotAsset AssetName="Url">
    <ui:GetRobotAsset.Value><OutArgument x:TypeArguments="x:Object">[url]</OutArgument></ui:GetRobotAsset.Value>
  </ui:GetRobotAsset>
  <ui:ReadRange WorkbookPath="[path]" DataTable="[dtInvoices]" />
  <uix:NGetText Result="[enteredValue]" />
  <ui:ElementExists Exists="[shown]" />
  <ui:LogMessage Level="Info" Message="[url.ToString]" />
</Sequence>`,
      [],
    )
  })

  it('takes the outputs to check from the options', () => {
    expectFindings(
      rule,
      `<ui:HttpClient EndPoint="[url]" Method="GET" />`,
      [{ ruleId: id, line: 1, message: 'Result of ui:HttpClient is not stored.' }],
      {
        options: { outputProperties: ['ui:HttpClient.Result'] },
      },
    )
  })

  // Every listed activity of the corpus stores its output (ReFramework_WorkflowAnalyzer included).
  describeCorpusFindings(rule, 'corpus', {})
})
