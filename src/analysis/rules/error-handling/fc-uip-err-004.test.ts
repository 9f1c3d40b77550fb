import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings, readCorpusFile } from '../rule-test-kit.js'
import { tryWithoutCatchOrFinallyRule as rule } from './fc-uip-err-004.js'

const id = 'FC-UIP-ERR-004'

describe(`${id} try-without-catch-or-finally`, () => {
  it('reports a TryCatch with neither Catches nor Finally, empty or not', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <TryCatch DisplayName="Try save">
    <TryCatch.Try>
      <WriteLine Text="save" />
    </TryCatch.Try>
  </TryCatch>
  <TryCatch />
  <TryCatch DisplayName="Empty catches collection">
    <TryCatch.Try>
      <WriteLine Text="save" />
    </TryCatch.Try>
    <TryCatch.Catches />
  </TryCatch>
</Sequence>`,
      [
        {
          ruleId: id,
          line: 2,
          column: 3,
          activity: 'Try save',
          message: 'The Try Catch has no Catch and no Finally.',
        },
        { ruleId: id, line: 7, column: 3, activity: 'TryCatch' },
        { ruleId: id, line: 8, column: 3, activity: 'Empty catches collection' },
      ],
    )
  })

  it('accepts a TryCatch with a Catch, or with only a Finally', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <TryCatch>
    <TryCatch.Try>
      <WriteLine Text="work" />
    </TryCatch.Try>
    <TryCatch.Finally>
      <WriteLine Text="cleanup" />
    </TryCatch.Finally>
  </TryCatch>
  <TryCatch>
    <TryCatch.Try>
      <WriteLine Text="work" />
    </TryCatch.Try>
    <TryCatch.Catches>
      <Catch x:TypeArguments="s:Exception">
        <ActivityAction x:TypeArguments="s:Exception">
          <Rethrow />
        </ActivityAction>
      </Catch>
    </TryCatch.Catches>
  </TryCatch>
</Sequence>`,
      [],
    )
  })

  // A real linter fixture: two bare Try Catch activities (ImportantActivities.xaml lines 82 and 89).
  it('finds the two bare Try Catch of flindersuni-rpa-lint ImportantActivities.xaml', () => {
    const file = 'flindersuni-rpa-lint/test/artefacts/ImportantActivities.xaml'
    if (!corpusFiles('flindersuni-rpa-lint').includes(file)) return
    expectFindings(
      rule,
      readCorpusFile(file),
      [
        { ruleId: id, line: 82, activity: 'Try Catch' },
        { ruleId: id, line: 89, activity: 'Try Catch' },
      ],
      { document: true, fileName: file },
    )
  })

  describeNothingInCorpus(
    rule,
    'corpus: ReFramework_WorkflowAnalyzer',
    corpusFiles('k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'),
  )
})
