import { describe, it } from 'vitest'
import { describeCorpusFindings, expectFindings } from '../rule-test-kit.js'
import { nonAllowedSelectorAttributeRule as rule } from './fc-uip-rel-010.js'

const id = 'FC-UIP-REL-010'

const snippet = `
<Sequence>
  <ui:Click DisplayName="Click row">
    <ui:Click.Target>
      <ui:Target Selector="&lt;html app='chrome.exe' title='Work Items' /&gt;&lt;webctrl tag='TD' tableRow='3' idx='2' /&gt;" />
    </ui:Click.Target>
  </ui:Click>
  <ui:TypeInto DisplayName="Type name" Text="[name]">
    <ui:TypeInto.Target>
      <ui:Target Selector="&lt;wnd app='notepad.exe' /&gt;&lt;ctrl name='Text Editor' role='editable text' /&gt;" />
    </ui:TypeInto.Target>
  </ui:TypeInto>
</Sequence>`

describe(`${id} non-allowed-selector-attribute`, () => {
  it('reports nothing until a policy lists attributes', () => {
    expectFindings(rule, snippet, [])
  })

  it('reports listed attributes, in any tag or in one tag, once per selector', () => {
    expectFindings(
      rule,
      snippet,
      [
        {
          ruleId: id,
          line: 4,
          activity: 'Click row',
          message: 'The selector uses webctrl.tableRow, webctrl.idx.',
        },
      ],
      { options: { disallowedAttributes: ['IDX', 'webctrl.tablerow', 'wnd.cls'] } },
    )
    expectFindings(rule, snippet, [{ ruleId: id, line: 9, message: 'The selector uses ctrl.role.' }], {
      options: { disallowedAttributes: ['ctrl.role'] },
    })
  })

  // With the default (empty) list nothing is reported anywhere in the corpus.
  describeCorpusFindings(rule, 'corpus', {})
})
