import { describe, it } from 'vitest'
import { describeCorpusFindings, expectFindings } from '../rule-test-kit.js'
import { hardcodedUiDelayRule as rule } from './fc-uip-rel-002.js'

const id = 'FC-UIP-REL-002'

describe(`${id} hardcoded-ui-delay`, () => {
  it('reports literal delays on UI activities, at the property', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Main">
  <ui:Click DisplayName="Click Login" DelayBefore="500" DelayMS="{x:Null}" />
  <ui:TypeInto DisplayName="Type user">
    <ui:TypeInto.DelayBetweenKeys>
      <InArgument x:TypeArguments="x:Int32">50</InArgument>
    </ui:TypeInto.DelayBetweenKeys>
  </ui:TypeInto>
  <uix:NClick DisplayName="Click Submit" DelayAfter="0.5" />
</Sequence>`,
      [
        {
          ruleId: id,
          line: 2,
          column: 39,
          activity: 'Click Login',
          message: 'DelayBefore is hardcoded to 500.',
        },
        { ruleId: id, line: 5, activity: 'Type user', message: 'DelayBetweenKeys is hardcoded to 50.' },
        {
          ruleId: id,
          line: 8,
          column: 42,
          activity: 'Click Submit',
          message: 'DelayAfter is hardcoded to 0.5.',
        },
      ],
    )
  })

  it('accepts default (null), zero, expression and Config-driven delays', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:Click DelayBefore="{x:Null}" DelayMS="{x:Null}" />
  <ui:Click DelayAfter="0" />
  <ui:TypeInto DelayBefore="[CInt(in_Config(&quot;UiDelayMs&quot;))]" />
  <ui:Click DelayAfter="[uiDelay]" />
  <ui:LogMessage Level="Info" Message="DelayAfter=500" />
</Sequence>`,
      [],
    )
  })

  it('option ignoreUpTo tolerates small delays; delayProperties narrows the properties', () => {
    const snippet = `
<Sequence>
  <ui:Click DelayBefore="200" />
  <ui:Click DelayAfter="1000" />
</Sequence>`
    expectFindings(rule, snippet, [{ ruleId: id, line: 3 }], { options: { ignoreUpTo: 300 } })
    expectFindings(rule, snippet, [{ ruleId: id, line: 2 }], {
      options: { delayProperties: ['DelayBefore'] },
    })
  })

  // Mirrors UI-PRR-004: nothing in the REFramework copies, including the one that passes UiPath's
  // analyzer. One real hit: the vendor-invoices project clicks Save in the download dialog with a
  // fixed DelayMS="1000" (its delay after) instead of waiting for the file it checks next.
  describeCorpusFindings(rule, 'corpus', {
    'ahmed-ismail999-rpa-uipath--process-vendor-invoices/Process Vendor Invoices/ACME/ACME_DownloadPDFInvoice.xaml':
      [248],
  })
})
