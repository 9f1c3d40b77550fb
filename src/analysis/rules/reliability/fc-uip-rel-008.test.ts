import { describe, it } from 'vitest'
import { describeCorpusFindings, expectFindings } from '../rule-test-kit.js'
import { simulatedInputRule as rule } from './fc-uip-rel-008.js'

const id = 'FC-UIP-REL-008'
const ACME = 'ahmed-ismail999-rpa-uipath--process-vendor-invoices/Process Vendor Invoices/ACME'

const target = (selector: string) => `<ui:Target Selector="${selector}" />`
const snippet = `
<Sequence>
  <ui:Click DisplayName="Click Save" SimulateClick="True">
    <ui:Click.Target>${target("&lt;wnd app='erp.exe' /&gt;&lt;ctrl name='Save' role='push button' /&gt;")}</ui:Click.Target>
  </ui:Click>
  <ui:TypeInto DisplayName="Type user" SimulateType="True" Text="[user]">
    <ui:TypeInto.Target>${target("&lt;wnd app='erp.exe' /&gt;&lt;ctrl name='User' /&gt;")}</ui:TypeInto.Target>
  </ui:TypeInto>
  <ui:TypeInto DisplayName="Type email" SimulateType="True" Text="[email]">
    <ui:TypeInto.Target>${target("&lt;webctrl id='email' tag='INPUT' /&gt;")}</ui:TypeInto.Target>
  </ui:TypeInto>
</Sequence>`

describe(`${id} simulated-input`, () => {
  it('reports Simulate Click / Simulate Type on desktop targets', () => {
    expectFindings(rule, snippet, [
      {
        ruleId: id,
        line: 2,
        column: 3,
        activity: 'Click Save',
        message: 'SimulateClick is True on a desktop target.',
      },
      { ruleId: id, line: 5, activity: 'Type user', message: 'SimulateType is True on a desktop target.' },
    ])
  })

  it('lists web targets too when asked (as UiPath does)', () => {
    expectFindings(
      rule,
      snippet,
      [
        { ruleId: id, line: 2 },
        { ruleId: id, line: 5 },
        { ruleId: id, line: 8, message: 'SimulateType is True on a web target.' },
      ],
      {
        options: { includeWebTargets: true },
      },
    )
  })

  it('accepts hardware or window-message input, {x:Null}, activities without a selector and modern activities', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:Click SimulateClick="False" SendWindowMessages="True">
    <ui:Click.Target>${target("&lt;wnd app='erp.exe' /&gt;")}</ui:Click.Target>
  </ui:Click>
  <ui:TypeInto SimulateType="{x:Null}" Text="[user]">
    <ui:TypeInto.Target>${target("&lt;wnd app='erp.exe' /&gt;")}</ui:TypeInto.Target>
  </ui:TypeInto>
  <ui:Click SimulateClick="True">
    <ui:Click.Target><ui:Target Element="[savedElement]" /></ui:Click.Target>
  </ui:Click>
  <uix:NClick InputMode="Simulate" />
</Sequence>`,
      [],
    )
  })

  // The ACME project simulates input on 16 activities; 14 target its web pages (not listed by
  // default). The two listed act on Chrome's own windows: the native "Save link as…" context
  // menu and the File name box of the Save As dialog, where simulated input is worth a check.
  describeCorpusFindings(rule, 'corpus', {
    [`${ACME}/ACME_DownloadPDFInvoice.xaml`]: [214, 236],
  })
})
