import { describe, expect, it } from 'vitest'
import { RuleOptionError } from '../rule-options.js'
import {
  corpusFiles,
  describeNothingInCorpus,
  expectFindings,
  findingsOf,
  readCorpusFile,
} from '../rule-test-kit.js'
import { workflowTooLargeRule as rule } from './fc-uip-mnt-008.js'

const id = 'FC-UIP-MNT-008'

function sequenceOf(n: number): string {
  const lines = Array.from({ length: n }, (_, i) => `  <WriteLine Text="line ${i}" />`)
  return `\n<Sequence DisplayName="Main">\n${lines.join('\n')}\n</Sequence>`
}

describe(`${id} workflow-too-large`, () => {
  it('reports a workflow with more than 100 activities once, at its main activity', () => {
    // The Sequence itself counts: 100 WriteLines + 1 Sequence = 101.
    expectFindings(rule, sequenceOf(100), [
      { ruleId: id, line: 1, activity: 'Main', message: '101 activities; the limit is 100.' },
    ])
  })

  it('accepts 100 activities', () => {
    expectFindings(rule, sequenceOf(99), [])
  })

  it('option maxActivities', () => {
    expectFindings(rule, sequenceOf(3), [{ ruleId: id, line: 1, message: '4 activities; the limit is 3.' }], {
      options: { maxActivities: 3 },
    })
    expect(() => findingsOf(rule, '<Sequence />', { options: { maxActivities: 0 } })).toThrow(RuleOptionError)
  })

  it('accepts the largest file of the corpus (REFramework Main.xaml, 59 activities)', () => {
    const file = 'uipath-studiotemplates-reframework/pt2/VisualBasic/Main.xaml'
    if (corpusFiles('uipath-studiotemplates-reframework').length === 0) return
    expectFindings(rule, readCorpusFile(file), [], { document: true, fileName: file })
  })

  describeNothingInCorpus(
    rule,
    'corpus: ReFramework_WorkflowAnalyzer',
    corpusFiles('k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'),
  )
})
