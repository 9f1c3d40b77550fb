import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings } from '../rule-test-kit.js'
import { personalDataInSelectorRule as rule } from './fc-uip-sec-005.js'

const id = 'FC-UIP-SEC-005'

describe(`${id} personal-data-in-selector`, () => {
  it('reports e-mail addresses, phone numbers, national ids and Luhn-valid card numbers', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:Click DisplayName="Open mail">
    <ui:Click.Target>
      <ui:Target Selector="&lt;webctrl aaname='john.smith@example.com' tag='A' /&gt;" />
    </ui:Click.Target>
  </ui:Click>
  <ui:Click DisplayName="Call">
    <ui:Click.Target>
      <ui:Target Selector="&lt;webctrl aaname='Call +44 20 7946 0958' tag='A' /&gt;" />
    </ui:Click.Target>
  </ui:Click>
  <ui:GetText DisplayName="Read SSN row">
    <ui:GetText.Target>
      <ui:Target Selector="&lt;webctrl tableRow='3' innertext='123-45-6789' /&gt;" />
    </ui:GetText.Target>
  </ui:GetText>
  <ui:Click DisplayName="Pick card">
    <ui:Click.Target>
      <ui:Target Selector="&lt;ctrl name='4111 1111 1111 1111' role='list item' /&gt;" />
    </ui:Click.Target>
  </ui:Click>
</Sequence>`,
      [
        {
          ruleId: id,
          line: 4,
          column: 18,
          activity: 'Open mail',
          message: 'Selector contains an e-mail address.',
        },
        { ruleId: id, line: 9, activity: 'Call', message: 'Selector contains a phone number.' },
        {
          ruleId: id,
          line: 14,
          activity: 'Read SSN row',
          message: 'Selector contains a national id number.',
        },
        { ruleId: id, line: 19, activity: 'Pick card', message: 'Selector contains a payment-card number.' },
      ],
      { options: { reportEmails: true } },
    )
  })

  it('reports a modern target once even when Full and Fuzzy selectors both carry the address', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <uix:NClick DisplayName="Click contact">
    <uix:NClick.Target>
      <uix:TargetAnchorable FullSelectorArgument="&lt;webctrl aaname='jane@corp.example' /&gt;" FuzzySelectorArgument="&lt;webctrl aaname='jane@corp.example' /&gt;" />
    </uix:NClick.Target>
  </uix:NClick>
</Sequence>`,
      [{ ruleId: id, line: 4, activity: 'Click contact' }],
      { options: { reportEmails: true } },
    )
  })

  it('accepts technical numbers, wildcards, variables and non-Luhn digit runs', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:Click>
    <ui:Click.Target>
      <ui:Target Selector="&lt;wnd app='crm.exe' cls='WindowsForms10.Window.8.app.0.141b42a_r9_ad1' hwnd='1234567890123456' /&gt;&lt;ctrl automationid='4111111111111111' idx='12' /&gt;" />
    </ui:Click.Target>
  </ui:Click>
  <ui:Click>
    <ui:Click.Target>
      <ui:Target Selector="&lt;webctrl aaname='Invoice 1234567890123' tag='A' /&gt;" />
    </ui:Click.Target>
  </ui:Click>
  <ui:Click>
    <ui:Click.Target>
      <ui:Target Selector="&lt;webctrl aaname='*@*' title='Version 10.2.3.4 (build 2024-01-15)' /&gt;" />
    </ui:Click.Target>
  </ui:Click>
  <ui:Click>
    <ui:Click.Target>
      <ui:Target Selector="[&quot;&lt;webctrl aaname='&quot; + in_CustomerEmail + &quot;' /&gt;&quot;]" />
    </ui:Click.Target>
  </ui:Click>
</Sequence>`,
      [],
    )
  })

  it('leaves e-mail addresses to FC-UIP-HCD-004 unless reportEmails is on; emailPattern can be narrowed', () => {
    const snippet = `
<ui:Click>
  <ui:Click.Target>
    <ui:Target Selector="&lt;webctrl aaname='robot@ourcompany.example' /&gt;" />
  </ui:Click.Target>
</ui:Click>`
    expectFindings(rule, snippet, [])
    expectFindings(
      rule,
      snippet,
      [{ ruleId: id, line: 3, message: 'Selector contains an e-mail address.' }],
      {
        options: { reportEmails: true },
      },
    )
    expectFindings(rule, snippet, [], {
      options: { reportEmails: true, emailPattern: String.raw`@(?!ourcompany\.example)[\w.-]+\.[a-z]{2,}` },
    })
  })

  // Mirrors UI-SEC-004: the REFramework that passes UiPath's Workflow Analyzer must give nothing.
  describeNothingInCorpus(
    rule,
    'corpus: ReFramework_WorkflowAnalyzer (passes UiPath Workflow Analyzer)',
    corpusFiles('k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'),
  )
})
