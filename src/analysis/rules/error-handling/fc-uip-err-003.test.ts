import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings, readCorpusFile } from '../rule-test-kit.js'
import { continueOnErrorTrueRule as rule } from './fc-uip-err-003.js'

const id = 'FC-UIP-ERR-003'

describe(`${id} continue-on-error-true`, () => {
  it('reports UI activities with ContinueOnError True, literal or constant expression', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:Click DisplayName="Click OK" ContinueOnError="True">
    <ui:Click.Target>
      <ui:Target Selector="&lt;wnd app='app.exe' /&gt;" />
    </ui:Click.Target>
  </ui:Click>
  <ui:AttachBrowser ContinueOnError="[True]" />
  <uix:NClick DisplayName="Modern click" ContinueOnError="true" />
</Sequence>`,
      [
        {
          ruleId: id,
          line: 2,
          column: 3,
          activity: 'Click OK',
          message: 'ui:Click has ContinueOnError="True".',
        },
        {
          ruleId: id,
          line: 7,
          activity: 'ui:AttachBrowser',
          message: 'ui:AttachBrowser has ContinueOnError="[True]".',
        },
        { ruleId: id, line: 8, activity: 'Modern click' },
      ],
    )
  })

  it('accepts False, {x:Null}, run-time expressions and non-UI activities (by default)', () => {
    const snippet = `
<Sequence>
  <ui:Click ContinueOnError="False">
    <ui:Click.Target>
      <ui:Target Selector="&lt;wnd app='app.exe' /&gt;" />
    </ui:Click.Target>
  </ui:Click>
  <ui:Click ContinueOnError="{x:Null}" />
  <ui:AttachWindow ContinueOnError="[in_Optional]" />
  <ui:CreateFile ContinueOnError="True" Path="[logFile]" />
</Sequence>`
    expectFindings(rule, snippet, [])
    expectFindings(rule, snippet, [{ ruleId: id, line: 9, activity: 'ui:CreateFile' }], {
      options: { uiActivitiesOnly: false },
    })
  })

  it('finds the real Open Application of the 2019 REFramework test runner (RunAllTests.xaml:223)', () => {
    const file = 'uipath-reframework-2019/Tests/RunAllTests.xaml'
    if (!corpusFiles('uipath-reframework-2019').includes(file)) return
    expectFindings(
      rule,
      readCorpusFile(file),
      [{ ruleId: id, line: 223, activity: 'Open application (Notepad)' }],
      {
        document: true,
        fileName: file,
      },
    )
  })

  // Mirrors UI-ANA-017: the REFramework that passes UiPath's Workflow Analyzer must give nothing —
  // its only ContinueOnError="True" is on Create File (RunAllTests.xaml:76), not a UI activity.
  describeNothingInCorpus(
    rule,
    'corpus: ReFramework_WorkflowAnalyzer (passes UiPath Workflow Analyzer)',
    corpusFiles('k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'),
  )
})
