import { describe, it } from 'vitest'
import { describeCorpusFindings, expectFindings } from '../rule-test-kit.js'
import { simulatedInputRule as rule } from './fc-uip-rel-008.js'

const id = 'FC-UIP-REL-008'
const ACME = 'ahmed-ismail999-rpa-uipath--process-vendor-invoices/Process Vendor Invoices/ACME'

describe(`${id} simulated-input`, () => {
  it('reports classic activities with Simulate Click or Simulate Type set to True', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:Click DisplayName="Click Login" SimulateClick="True" />
  <ui:TypeInto DisplayName="Type user" SimulateType="True" Text="[user]" />
</Sequence>`,
      [
        { ruleId: id, line: 2, column: 3, activity: 'Click Login', message: 'SimulateClick is True.' },
        { ruleId: id, line: 3, activity: 'Type user', message: 'SimulateType is True.' },
      ],
    )
  })

  it('accepts hardware or window-message input, {x:Null} and modern activities', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:Click SimulateClick="False" SendWindowMessages="True" />
  <ui:TypeInto SimulateType="{x:Null}" Text="[user]" />
  <uix:NClick InputMode="Simulate" />
</Sequence>`,
      [],
    )
  })

  // Every hit is a classic Click or Type Into of the ACME vendor-invoices project with the
  // property set; the "Save link as…" click (DownloadPDFInvoice:214) is a browser context-menu
  // item, where simulated clicks are known not to work.
  describeCorpusFindings(rule, 'corpus', {
    [`${ACME}/ACME Logout.xaml`]: [99],
    [`${ACME}/ACME_AddInvoiceDetails.xaml`]: [223, 235, 247, 259, 271],
    [`${ACME}/ACME_DownloadPDFInvoice.xaml`]: [214, 236],
    [`${ACME}/ACME_Login.xaml`]: [226, 250],
    [`${ACME}/ACME_SearchForVendor.xaml`]: [191],
    [`${ACME}/ACME_UpdateWorkItem.xaml`]: [193, 227, 239, 261, 283],
  })
})
