import { describe, it } from 'vitest'
import { corpusFiles, expectFindings, readCorpusFile } from '../rule-test-kit.js'
import { processTransactionExceptionHandlingRule as rule } from './fc-uip-frw-002.js'

const id = 'FC-UIP-FRW-002'
const main = { fileName: 'Main.xaml' }

/** A Process Transaction state whose Entry TryCatch catches the given types (line 2 = the State). */
function processState(...catches: string[]): string {
  const catchXaml = catches
    .map(
      (type) => `        <Catch x:TypeArguments="${type}">
          <ActivityAction x:TypeArguments="${type}">
            <ui:LogMessage Level="Error" Message="failed" />
          </ActivityAction>
        </Catch>`,
    )
    .join('\n')
  return `
<StateMachine DisplayName="General Business Process" InitialState="{x:Reference __ReferenceID0}">
  <State x:Name="__ReferenceID0" DisplayName="Process Transaction">
    <State.Entry>
      <TryCatch DisplayName="Try to process transaction">
        <TryCatch.Try>
          <ui:InvokeWorkflowFile WorkflowFileName="Process.xaml" />
        </TryCatch.Try>
        <TryCatch.Catches>
${catchXaml}
        </TryCatch.Catches>
      </TryCatch>
    </State.Entry>
  </State>
</StateMachine>`
}

const REFRAMEWORK_MAINS = [
  'uipath-reframework-2019/Main.xaml',
  'uipath-studiotemplates-reframework/pt0/VisualBasic/Main.xaml',
  'uipath-studiotemplates-reframework/pt1/CSharp/Main.xaml',
  'uipath-studiotemplates-reframework/pt2/VisualBasic/Main.xaml',
  'uipath-studiotemplates-reframework/pt3/CSharp/Main.xaml',
  'k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer/Main.xaml',
]

describe(`${id} process-transaction-exception-handling`, () => {
  it('accepts a Process Transaction that catches BusinessRuleException and System.Exception', () => {
    expectFindings(rule, processState('ui:BusinessRuleException', 's:Exception'), [], main)
  })

  it('reports each missing catch at the state', () => {
    expectFindings(
      rule,
      processState('s:Exception'),
      [
        {
          ruleId: id,
          line: 2,
          column: 3,
          activity: 'Process Transaction',
          message: "No Catch of UiPath.Core.BusinessRuleException in the state's Entry.",
        },
      ],
      main,
    )
    expectFindings(
      rule,
      processState('ui:BusinessRuleException', 's:ArgumentException'),
      [{ ruleId: id, line: 2, message: "No Catch of System.Exception in the state's Entry." }],
      main,
    )
  })

  it('catches in a transition action do not count; no state machine or state is left to FC-UIP-FRW-001', () => {
    expectFindings(
      rule,
      `
<StateMachine InitialState="{x:Reference __ReferenceID0}">
  <State x:Name="__ReferenceID0" DisplayName="ProcessTransaction State">
    <State.Entry>
      <ui:InvokeWorkflowFile WorkflowFileName="Process.xaml" />
    </State.Entry>
    <State.Transitions>
      <Transition DisplayName="Next">
        <Transition.Action>
          <TryCatch>
            <TryCatch.Try><ui:LogMessage Level="Info" Message="x" /></TryCatch.Try>
            <TryCatch.Catches>
              <Catch x:TypeArguments="s:Exception"><ActivityAction x:TypeArguments="s:Exception"><ui:LogMessage Level="Error" Message="x" /></ActivityAction></Catch>
            </TryCatch.Catches>
          </TryCatch>
        </Transition.Action>
      </Transition>
    </State.Transitions>
  </State>
</StateMachine>`,
      [
        {
          ruleId: id,
          line: 2,
          message: "No Catch of UiPath.Core.BusinessRuleException in the state's Entry.",
        },
        { ruleId: id, line: 2, message: "No Catch of System.Exception in the state's Entry." },
      ],
      main,
    )
    expectFindings(rule, '<Sequence DisplayName="Main" />', [], main)
    expectFindings(rule, processState('s:Exception').replace('Process Transaction', 'Work'), [], main)
  })

  it('only applies to Main.xaml; options choose the state and the types', () => {
    expectFindings(rule, processState(), [], { fileName: 'Process.xaml' })
    expectFindings(rule, processState('s:Exception'), [], {
      ...main,
      options: { requiredExceptionTypes: ['System.Exception'] },
    })
  })

  describe.skipIf(corpusFiles().length === 0)('corpus', () => {
    for (const file of REFRAMEWORK_MAINS) {
      it(`accepts the REFramework ${file}`, () => {
        expectFindings(rule, readCorpusFile(file), [], {
          document: true,
          fileName: file,
          relativePath: 'Main.xaml',
        })
      })
    }
  })
})
