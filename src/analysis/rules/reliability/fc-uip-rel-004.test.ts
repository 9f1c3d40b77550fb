import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings } from '../rule-test-kit.js'
import { largeSelectorIdxRule as rule } from './fc-uip-rel-004.js'

const id = 'FC-UIP-REL-004'

describe(`${id} large-selector-idx`, () => {
  it('reports a classic selector attribute and a Target.Selector with idx above 1', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Main">
  <ui:Click DisplayName="Click row" Selector="&lt;html app='chrome.exe' /&gt;&lt;webctrl tag='TD' idx='7' /&gt;" />
  <ui:TypeInto DisplayName="Type name">
    <ui:TypeInto.Target>
      <ui:Target>
        <ui:Target.Selector>
          <InArgument x:TypeArguments="x:String">&lt;wnd app='app.exe' /&gt;&lt;ctrl role='editable text' idx='2' /&gt;</InArgument>
        </ui:Target.Selector>
      </ui:Target>
    </ui:TypeInto.Target>
  </ui:TypeInto>
</Sequence>`,
      [
        { ruleId: id, line: 2, activity: 'Click row', message: "Selector uses idx='7' (more than 1)." },
        { ruleId: id, line: 7, activity: 'Type name' },
      ],
    )
  })

  it('accepts idx 1, idx=*, tableRow/colName, and attributes that merely contain "idx"', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:Click Selector="&lt;webctrl tag='A' idx='1' /&gt;" />
  <ui:Click Selector="&lt;webctrl tag='TD' idx='*' tableRow='4' /&gt;" />
  <ui:Click Selector="&lt;webctrl tag='DIV' aaname='Width idx=5' /&gt;" />
  <ui:Click Selector="&lt;webctrl tag='DIV' myidx='9' /&gt;" />
</Sequence>`,
      [{ ruleId: id, line: 4 }],
    )
  })

  it('option maxIdx raises the threshold; idx inside a selector expression counts', () => {
    const snippet = `
<Sequence>
  <ui:Click Selector="[&quot;&lt;webctrl tag='TD' idx='3' /&gt;&quot;]" />
</Sequence>`
    expectFindings(rule, snippet, [{ ruleId: id, line: 2 }])
    expectFindings(rule, snippet, [], { options: { maxIdx: 3 } })
  })

  // Mirrors UI-REL-001: no selector with idx in the corpus, including ReFramework_WorkflowAnalyzer.
  describeNothingInCorpus(rule, 'corpus', corpusFiles())
})
