import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings } from '../rule-test-kit.js'
import { hardcodedEmailRule as rule } from './fc-uip-hcd-004.js'

const id = 'FC-UIP-HCD-004'

describe(`${id} hardcoded-email-address`, () => {
  it('reports addresses in properties, expressions and selectors, masked', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Mail">
  <ui:SendOutlookMail DisplayName="Send report" To="finance.team@acme.com" Subject="[subject]" />
  <ui:SendOutlookMail DisplayName="Send C#" To="[&quot;ops@acme.co.uk;&quot; + extra]" />
  <ui:Click DisplayName="Click user">
    <ui:Click.Target>
      <ui:Target Selector="&lt;webctrl aaname='jane.doe@acme.com' tag='A' /&gt;" />
    </ui:Click.Target>
  </ui:Click>
</Sequence>`,
      [
        {
          ruleId: id,
          line: 2,
          column: 49,
          activity: 'Send report',
          message: 'Email address f***@acme.com hardcoded in the property To.',
        },
        {
          ruleId: id,
          line: 3,
          activity: 'Send C#',
          message: 'Email address o***@acme.co.uk hardcoded in the property To.',
        },
        {
          ruleId: id,
          line: 6,
          activity: 'Click user',
          message: 'Email address j***@acme.com hardcoded in the property Selector.',
        },
      ],
    )
  })

  it('ignores placeholder domains, file names with @, config lookups and comments', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:SendOutlookMail To="[in_Config(&quot;ReportRecipients&quot;).ToString]" Subject="Report" />
  <ui:LogMessage Message="Write to someone@example.com" />
  <ui:CopyFile Path="images\\logo@2x.png" />
  <ui:LogMessage Message="[&quot;Found &quot; + count.ToString + &quot; items @ &quot; + now.ToString]" />
  <ui:Comment Text="Contact rpa-team@acme.com" />
</Sequence>`,
      [],
    )
  })

  // Mirrors UI-SEC-004 (selectors); the REFramework that passes UiPath's analyzer has no address anywhere.
  describeNothingInCorpus(
    rule,
    'corpus: ReFramework_WorkflowAnalyzer (passes UiPath Workflow Analyzer)',
    corpusFiles('k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'),
  )
})
