import { describe, it } from 'vitest'
import { type CorpusHits, describeCorpusFindings, expectFindings } from '../rule-test-kit.js'
import { hardcodedUrlRule as rule } from './fc-uip-hcd-002.js'

const id = 'FC-UIP-HCD-002'

describe(`${id} hardcoded-url`, () => {
  it('reports URLs in properties, expressions and defaults, without their path or query', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Main">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="baseUrl" Default="https://erp.acme.io/api" />
  </Sequence.Variables>
  <ui:OpenBrowser DisplayName="Open portal" Url="https://portal.acme.io/login?sid=42" />
  <ui:NavigateTo DisplayName="Go" Url="[&quot;http://intranet/page/&quot; + id]" />
</Sequence>`,
      [
        {
          ruleId: id,
          line: 3,
          activity: 'Main',
          message: 'URL https://erp.acme.io… hardcoded in the default of variable "baseUrl".',
        },
        {
          ruleId: id,
          line: 5,
          column: 45,
          activity: 'Open portal',
          message: 'URL https://portal.acme.io… hardcoded in the property Url.',
        },
        {
          ruleId: id,
          line: 6,
          activity: 'Go',
          message: 'URL http://intranet… hardcoded in the property Url.',
        },
      ],
    )
  })

  it('ignores config lookups, DisplayNames, comments, annotations and schema URIs', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Open https://portal.acme.io" sap2010:Annotation.AnnotationText="See https://wiki.acme.io/process">
  <ui:OpenBrowser DisplayName="Open" Url="[in_Config(&quot;PortalURL&quot;).ToString]" />
  <ui:Comment Text="Docs: https://docs.uipath.com" />
  <ui:LogMessage Message="[&quot;ns http://schemas.microsoft.com/netfx/2009/xaml/activities&quot;]" />
</Sequence>`,
      [],
    )
  })

  it('ignores BrowserURL recorded on a UI target, reports the Url its Use Browser opens', () => {
    // Shortened from ahmed-ismail999-rpa-uipath--process-vendor-invoices ACME/ACME_ReadWorkItem.xaml:
    // Studio writes the page an element was indicated on as BrowserURL (design time, never opened);
    // the Use Browser card opens TargetApp's Url when the browser is not open (default OpenMode).
    expectFindings(
      rule,
      `
<uix:NApplicationCard DisplayName="Use Browser - ACME WorkItelm" AttachMode="ByInstance">
  <uix:NApplicationCard.Body>
    <ActivityAction x:TypeArguments="x:Object">
      <uix:NExtractData DisplayName="Extract Table Data" DataTable="[dtExtractedData]">
        <uix:NExtractData.Target>
          <uix:TargetAnchorable BrowserURL="https://acme-test.uipath.com/work-items?page=1" FullSelectorArgument="&lt;webctrl tag='TABLE' /&gt;" />
        </uix:NExtractData.Target>
      </uix:NExtractData>
    </ActivityAction>
  </uix:NApplicationCard.Body>
  <uix:NApplicationCard.TargetApp>
    <uix:TargetApp BrowserType="Chrome" Title="ACME System 1 - Work Items" Url="https://acme-test.uipath.com/work-items?page=1" />
  </uix:NApplicationCard.TargetApp>
</uix:NApplicationCard>`,
      [
        {
          ruleId: id,
          line: 12,
          activity: 'Use Browser - ACME WorkItelm',
          message: 'URL https://acme-test.uipath.com… hardcoded in the property Url.',
        },
      ],
    )
  })

  it('reports BrowserURL too when ignoredProperties is emptied', () => {
    expectFindings(
      rule,
      `
<uix:NClick DisplayName="Click Save">
  <uix:NClick.Target>
    <uix:TargetAnchorable BrowserURL="https://acme-test.uipath.com/invoices" />
  </uix:NClick.Target>
</uix:NClick>`,
      [
        {
          ruleId: id,
          line: 3,
          message: 'URL https://acme-test.uipath.com… hardcoded in the property BrowserURL.',
        },
      ],
      { options: { ignoredProperties: [] } },
    )
  })

  /**
   * Real hardcoded endpoints in the corpus (each read at its line): the vendor-invoices project opens
   * and navigates the ACME test site by literal URL (Open Browser, Navigate To, the Use Browser card
   * that opens it when no browser is open); UiPath's troubleshooting scenarios open google.com,
   * datatables.net, w3schools.com and a billing portal from Use Browser cards (OpenMode left at its
   * default, IfNotOpen, so the Url is what a run opens) and post to a CRM with a literal EndPoint.
   */
  const vendorInvoices = 'ahmed-ismail999-rpa-uipath--process-vendor-invoices/Process Vendor Invoices/ACME'
  const troubleshoot = 'uipath-skills/tests/tasks/uipath-troubleshoot'
  const appOpenFailed = `${troubleshoot}/activity-packages/uia-application-open-failed/process`
  const queueItemsFailing = `${troubleshoot}/products/orchestrator/queue-items-failing-test/process`
  const nullReference = `${troubleshoot}/runtime-exceptions/null-reference-exception/process`
  const REAL_HITS: CorpusHits = {
    [`${vendorInvoices}/ACME_Launch.xaml`]: [134],
    [`${vendorInvoices}/ACME_NavigateToAddInvoiceDetails.xaml`]: [208],
    [`${vendorInvoices}/ACME_NavigateToSearchForVendors.xaml`]: [235],
    [`${vendorInvoices}/ACME_NavigateToWorkItem.xaml`]: [206],
    // 244 is the Use Browser card's Url; the BrowserURL of its two targets (234, 237) is not reported.
    [`${vendorInvoices}/ACME_ReadWorkItem.xaml`]: [244],
    [`${appOpenFailed}/ClickCase.xaml`]: [122],
    [`${appOpenFailed}/DoodleClick.xaml`]: [122],
    [`${appOpenFailed}/EditorLink.xaml`]: [183],
    [`${appOpenFailed}/EmployeeRow.xaml`]: [117],
    [`${appOpenFailed}/Google.xaml`]: [112],
    [`${appOpenFailed}/TestButton.xaml`]: [112],
    [`${queueItemsFailing}/DoodleClick.xaml`]: [122],
    [`${queueItemsFailing}/Google.xaml`]: [112],
    [`${nullReference}/DoodleClick.xaml`]: [122],
    [`${nullReference}/Google.xaml`]: [112],
    [`${troubleshoot}/activity-packages/uia-type-into-scrambled-text/process/Main.xaml`]: [66],
    [`${troubleshoot}/activity-packages/web-http-415-content-type/process/CrmContactUpload/Wf_CreateContact.xaml`]:
      [3],
  }

  describeCorpusFindings(rule, 'corpus: only the endpoints written as literals are reported', REAL_HITS)
})
