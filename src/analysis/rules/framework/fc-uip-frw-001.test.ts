import { describe, it } from 'vitest'
import { corpusFiles, expectFindings, readCorpusFile } from '../rule-test-kit.js'
import { reframeworkMainStatesRule as rule } from './fc-uip-frw-001.js'

const id = 'FC-UIP-FRW-001'
const main = { fileName: 'Main.xaml' }

/** A StateMachine with the given state display names. */
function machine(...names: string[]): string {
  const states = names
    .map((name, i) => `  <State x:Name="__ReferenceID${i}" DisplayName="${name}" />`)
    .join('\n')
  return `
<StateMachine DisplayName="General Business Process" InitialState="{x:Reference __ReferenceID0}">
${states}
</StateMachine>`
}

/** The REFramework copies of the corpus: project root → Main.xaml. */
const REFRAMEWORK_MAINS = [
  'uipath-reframework-2019/Main.xaml',
  'uipath-studiotemplates-reframework/pt0/VisualBasic/Main.xaml',
  'uipath-studiotemplates-reframework/pt1/CSharp/Main.xaml',
  'uipath-studiotemplates-reframework/pt2/VisualBasic/Main.xaml',
  'uipath-studiotemplates-reframework/pt3/CSharp/Main.xaml',
  'k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer/Main.xaml',
]

describe(`${id} reframework-main-states`, () => {
  it('accepts the four states, in any order and with case, spacing and "State" suffix variants', () => {
    expectFindings(
      rule,
      machine('Initialization', 'Get Transaction Data', 'Process Transaction', 'End Process'),
      [],
      main,
    )
    expectFindings(
      rule,
      machine('End Process', 'process_transaction', 'GetTransactionData State', 'INITIALIZATION'),
      [],
      main,
    )
  })

  it('reports each missing state at the StateMachine', () => {
    expectFindings(
      rule,
      machine('Init', 'Get Transaction Data', 'Process', 'End Process'),
      [
        {
          ruleId: id,
          line: 1,
          activity: 'General Business Process',
          message: 'No state named "Initialization".',
        },
        { ruleId: id, line: 1, message: 'No state named "Process Transaction".' },
      ],
      main,
    )
  })

  it('leaves alone a lone Main.xaml that is no REFramework (a Sequence, or another state machine)', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Main Sequence">
  <ui:LogMessage Level="Info" Message="hello" />
</Sequence>`,
      [],
      main,
    )
    expectFindings(rule, machine('Idle', 'Running', 'Stopped'), [], main)
  })

  it('judges a state machine with a REFramework transaction state, even with the others renamed', () => {
    expectFindings(
      rule,
      machine('Init', 'Get Transaction Data', 'Process Transaction', 'Finish'),
      [
        { ruleId: id, line: 1, message: 'No state named "Initialization".' },
        { ruleId: id, line: 1, message: 'No state named "End Process".' },
      ],
      main,
    )
  })

  it('only applies to Main.xaml at the project root', () => {
    const sequence = '<Sequence DisplayName="Process" />'
    expectFindings(rule, sequence, [], { fileName: 'Process.xaml' })
    expectFindings(rule, sequence, [], { fileName: 'Framework/Main.xaml' })
    expectFindings(
      rule,
      machine('Initialization', 'Process Transaction'),
      [
        { ruleId: id, line: 1 },
        { ruleId: id, line: 1 },
      ],
      {
        fileName: 'MAIN.XAML',
      },
    )
  })

  it('option requiredStates changes the expected states', () => {
    expectFindings(rule, machine('Start', 'Work', 'Stop'), [], {
      ...main,
      options: { requiredStates: ['Start', 'Work', 'Stop'] },
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
    it('leaves alone PrintToPDF/Main.xaml, a plain Sequence (line 139), which is not a REFramework', () => {
      const file = 'k2zinger-uipath-snippets/PrintToPDF/Main.xaml'
      expectFindings(rule, readCorpusFile(file), [], {
        document: true,
        fileName: file,
        relativePath: 'Main.xaml',
      })
    })
  })
})
