import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings, readCorpusFile } from '../rule-test-kit.js'
import { argumentNamingConventionRule as rule } from './fc-uip-nmg-002.js'

const id = 'FC-UIP-NMG-002'
const WA = 'k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'

describe(`${id} argument-naming-convention`, () => {
  it('reports arguments whose prefix does not match their direction', () => {
    expectFindings(
      rule,
      `
<x:Members>
  <x:Property Name="out_Status" Type="InArgument(x:String)" />
  <x:Property Name="in_Result" Type="OutArgument(x:String)" />
  <x:Property Name="Counter" Type="InOutArgument(x:Int32)" />
  <x:Property Name="In_Config" Type="InArgument(x:String)" />
</x:Members>
<Sequence DisplayName="Write report" />`,
      [
        {
          ruleId: id,
          line: 2,
          column: 3,
          activity: 'Write report',
          message:
            'In argument "out_Status" does not match ^in_(dt_)?([A-Z]|[a-z])+([0-9])*$ (expected prefix in_).',
        },
        {
          ruleId: id,
          line: 3,
          column: 3,
          message:
            'Out argument "in_Result" does not match ^out_(dt_)?([A-Z]|[a-z])+([0-9])*$ (expected prefix out_).',
        },
        {
          ruleId: id,
          line: 4,
          message:
            'InOut argument "Counter" does not match ^io_(dt_)?([A-Z]|[a-z])+([0-9])*$ (expected prefix io_).',
        },
        { ruleId: id, line: 5 },
      ],
    )
  })

  it('accepts the REFramework names, dt_ after the prefix, and plain properties', () => {
    expectFindings(
      rule,
      `
<x:Members>
  <x:Property Name="in_Config" Type="InArgument(scg:Dictionary(x:String, x:Object))" />
  <x:Property Name="out_TransactionItem" Type="OutArgument(ui:QueueItem)" />
  <x:Property Name="io_RetryNumber" Type="InOutArgument(x:Int32)" />
  <x:Property Name="io_dt_TransactionData" Type="InOutArgument(x:Object)" />
  <x:Property Name="in_OrchestratorQueueName2" Type="InArgument(x:String)" />
  <x:Property Name="Timeout" Type="x:Int32" />
</x:Members>
<Sequence DisplayName="Get Transaction Data" />`,
      [],
    )
  })

  it('options change the expected patterns', () => {
    const snippet = `
<x:Members>
  <x:Property Name="argConfig" Type="InArgument(x:String)" />
  <x:Property Name="in_Config" Type="InArgument(x:String)" />
</x:Members>
<Sequence />`
    expectFindings(rule, snippet, [{ ruleId: id, line: 3, activity: 'Sequence' }], {
      options: { inPattern: '^arg[A-Z]' },
    })
  })

  it('reports the real In argument named out_Status of the 2019 REFramework', () => {
    const file = 'uipath-reframework-2019/Tests/RunAllTests_Logging.xaml'
    if (corpusFiles('uipath-reframework-2019').length === 0) return
    expectFindings(rule, readCorpusFile(file), [{ ruleId: id, line: 17, column: 5 }], {
      document: true,
      fileName: file,
    })
  })

  // Mirrors ST-NMG-002: the REFramework that passes UiPath's own Workflow Analyzer has no finding.
  describeNothingInCorpus(rule, 'corpus: ReFramework_WorkflowAnalyzer', corpusFiles(WA))
})
