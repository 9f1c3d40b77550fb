import { describe, it } from 'vitest'
import { corpusFiles, expectFindings, readCorpusFile } from '../rule-test-kit.js'
import { hardcodedTimeoutRule as rule } from './fc-uip-hcd-006.js'

const id = 'FC-UIP-HCD-006'

describe(`${id} hardcoded-timeout`, () => {
  it('reports numeric, arithmetic and TimeSpan constants in timeout properties', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:Click DisplayName="Click OK" TimeoutMS="5000" />
  <ui:TypeInto DisplayName="Type" TimeoutMS="[30 * 1000]" />
  <uix:NClick DisplayName="Modern click" Timeout="[TimeSpan.FromSeconds(30)]" />
  <ui:ElementExists DisplayName="Exists">
    <ui:ElementExists.TimeoutMS>
      <InArgument x:TypeArguments="x:Int32">10000</InArgument>
    </ui:ElementExists.TimeoutMS>
  </ui:ElementExists>
</Sequence>`,
      [
        {
          ruleId: id,
          line: 2,
          column: 36,
          activity: 'Click OK',
          message: 'TimeoutMS is hardcoded to 5000 on ui:Click.',
        },
        {
          ruleId: id,
          line: 3,
          activity: 'Type',
          message: 'TimeoutMS is hardcoded to 30 * 1000 on ui:TypeInto.',
        },
        { ruleId: id, line: 4, activity: 'Modern click' },
        { ruleId: id, line: 7, activity: 'Exists' },
      ],
    )
  })

  it('accepts the default ({x:Null}), variables and config values', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:Click TimeoutMS="{x:Null}" />
  <ui:Click TimeoutMS="[in_Config(&quot;UiTimeoutMs&quot;)]" />
  <ui:Click TimeoutMS="[CInt(in_Config(&quot;UiTimeoutS&quot;)) * 1000]" />
  <ui:Click TimeoutMS="[uiTimeout]" DelayMS="300" />
</Sequence>`,
      [],
    )
  })

  // The 2019 REFramework test harness opens Notepad with TimeoutMS="5000" (grep -n: line 223); the
  // variant that passes UiPath's Workflow Analyzer (ST-DBP-021) changed it to {x:Null}.
  describe.skipIf(corpusFiles('uipath-reframework-2019').length === 0)('corpus', () => {
    it('reports TimeoutMS="5000" in uipath-reframework-2019/Tests/RunAllTests.xaml', () => {
      const file = 'uipath-reframework-2019/Tests/RunAllTests.xaml'
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
    for (const file of corpusFiles('k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer')) {
      it(`reports nothing in ${file}`, () => {
        expectFindings(rule, readCorpusFile(file), [], { document: true, fileName: file })
      })
    }
  })
})
