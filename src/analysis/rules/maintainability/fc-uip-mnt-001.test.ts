import { describe, expect, it } from 'vitest'
import { RuleOptionError } from '../rule-options.js'
import {
  corpusFiles,
  describeNothingInCorpus,
  expectFindings,
  findingsOf,
  readCorpusFile,
} from '../rule-test-kit.js'
import { tooManyArgumentsRule as rule } from './fc-uip-mnt-001.js'

const id = 'FC-UIP-MNT-001'

/** `x:Members` with `n` arguments cycling In / Out / InOut, then a Sequence. */
function workflowWithArguments(n: number, extra = ''): string {
  const directions = ['InArgument', 'OutArgument', 'InOutArgument']
  const props = Array.from(
    { length: n },
    (_, i) => `  <x:Property Name="arg${i}" Type="${directions[i % 3]}(x:String)" />`,
  )
  return `
<Sequence DisplayName="Main" />
<x:Members>
${props.join('\n')}${extra}
</x:Members>`
}

describe(`${id} too-many-arguments`, () => {
  it('reports a workflow with more arguments than the limit, once, at x:Members', () => {
    expectFindings(rule, workflowWithArguments(21), [
      {
        ruleId: id,
        line: 2,
        column: 1,
        activity: 'Main',
        message: '21 arguments (In: 7, Out: 7, InOut: 7); the limit is 20.',
      },
    ])
  })

  it('accepts exactly the limit, and no arguments at all', () => {
    expectFindings(rule, workflowWithArguments(20), [])
    expectFindings(rule, '<Sequence DisplayName="Main" />', [])
  })

  it('does not count plain x:Property members (workflow properties, not arguments)', () => {
    const properties =
      '\n  <x:Property Name="Prop1" Type="x:String" />\n  <x:Property Name="Prop2" Type="x:Int32" />'
    expectFindings(rule, workflowWithArguments(20, properties), [])
  })

  it('option maxArguments lowers or raises the limit', () => {
    expectFindings(
      rule,
      workflowWithArguments(11),
      [{ ruleId: id, line: 2, message: '11 arguments (In: 4, Out: 4, InOut: 3); the limit is 10.' }],
      {
        options: { maxArguments: 10 },
      },
    )
    expectFindings(rule, workflowWithArguments(21), [], { options: { maxArguments: 25 } })
  })

  it('rejects an invalid maxArguments', () => {
    expect(() => findingsOf(rule, '<Sequence />', { options: { maxArguments: -1 } })).toThrow(RuleOptionError)
    expect(() => findingsOf(rule, '<Sequence />', { options: { maxArguments: '10' } })).toThrow(
      RuleOptionError,
    )
  })

  it('counts the 10 arguments of the current REFramework SetTransactionStatus as within the limit', () => {
    const file = 'uipath-studiotemplates-reframework/pt0/VisualBasic/Framework/SetTransactionStatus.xaml'
    if (corpusFiles('uipath-studiotemplates-reframework').length === 0) return
    expectFindings(rule, readCorpusFile(file), [], { document: true, fileName: file })
    expectFindings(rule, readCorpusFile(file), [{ ruleId: id, line: 2 }], {
      document: true,
      fileName: file,
      options: { maxArguments: 9 },
    })
  })

  // Mirrors ST-DBP-002: the REFramework that passes UiPath's own Workflow Analyzer has no finding.
  describeNothingInCorpus(
    rule,
    'corpus: ReFramework_WorkflowAnalyzer (passes UiPath Workflow Analyzer)',
    corpusFiles('k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'),
  )
})
