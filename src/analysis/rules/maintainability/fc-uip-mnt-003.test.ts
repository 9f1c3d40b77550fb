import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings, readCorpusFile } from '../rule-test-kit.js'
import { nestedIfsRule as rule } from './fc-uip-mnt-003.js'

const id = 'FC-UIP-MNT-003'

describe(`${id} nested-ifs`, () => {
  it('reports the 4th If of a nesting chain, through Sequences and in Else too, once per chain', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <If DisplayName="If 1" Condition="[a]">
    <If.Then>
      <Sequence>
        <If DisplayName="If 2" Condition="[b]">
          <If.Else>
            <If DisplayName="If 3" Condition="[c]">
              <If.Then>
                <If DisplayName="If 4" Condition="[d]">
                  <If.Then>
                    <If DisplayName="If 5" Condition="[e]" />
                  </If.Then>
                </If>
              </If.Then>
            </If>
          </If.Else>
        </If>
      </Sequence>
    </If.Then>
  </If>
</Sequence>`,
      [
        {
          ruleId: id,
          line: 9,
          column: 17,
          activity: 'If 4',
          message: 'If nested 4 levels deep; the limit is 3.',
        },
      ],
    )
  })

  it('accepts three nested Ifs, and sibling Ifs that are not nested', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <If Condition="[a]">
    <If.Then>
      <If Condition="[b]">
        <If.Then>
          <If Condition="[c]" />
        </If.Then>
      </If>
    </If.Then>
  </If>
  <If Condition="[d]" />
  <If Condition="[e]" />
  <If Condition="[f]" />
  <If Condition="[g]" />
</Sequence>`,
      [],
    )
  })

  it('counts only If: a Switch or ForEach between Ifs adds no level', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <If Condition="[a]">
    <If.Then>
      <Switch x:TypeArguments="x:Int32" Expression="[n]">
        <If x:Key="1" Condition="[b]">
          <If.Then>
            <If Condition="[c]" />
          </If.Then>
        </If>
      </Switch>
    </If.Then>
  </If>
</Sequence>`,
      [],
    )
  })

  it('option maxNestedIfs', () => {
    const twoIfs = `
<If Condition="[a]">
  <If.Then>
    <If DisplayName="inner" Condition="[b]" />
  </If.Then>
</If>`
    expectFindings(rule, twoIfs, [{ ruleId: id, line: 3, activity: 'inner' }], {
      options: { maxNestedIfs: 1 },
    })
  })

  it('accepts the three nested Ifs of the 2019 REFramework GetAppCredentials.xaml', () => {
    const file = 'uipath-reframework-2019/Framework/GetAppCredentials.xaml'
    if (corpusFiles('uipath-reframework-2019').length === 0) return
    expectFindings(rule, readCorpusFile(file), [], { document: true, fileName: file })
    expectFindings(rule, readCorpusFile(file), [{ ruleId: id, line: 97 }], {
      document: true,
      fileName: file,
      options: { maxNestedIfs: 2 },
    })
  })

  // Mirrors ST-MRD-007: the REFramework that passes UiPath's own Workflow Analyzer has no finding.
  describeNothingInCorpus(
    rule,
    'corpus: ReFramework_WorkflowAnalyzer (passes UiPath Workflow Analyzer)',
    corpusFiles('k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'),
  )
})
