import { describe, it } from 'vitest'
import { describeCorpusFindings, expectFindings } from '../rule-test-kit.js'
import { hardcodedFilePathRule as rule } from './fc-uip-hcd-003.js'

const id = 'FC-UIP-HCD-003'

describe(`${id} hardcoded-file-path`, () => {
  it('reports drive, UNC and Unix absolute paths in VB and C# constants', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Files">
  <ui:ReadTextFile DisplayName="Read" FileName="C:\\Users\\bot\\in.txt" />
  <ui:CopyFile DisplayName="Copy" Path="[&quot;\\\\fileserver\\share\\&quot; + name]" />
  <ui:ReadTextFile DisplayName="Read C#" FileName="[@&quot;D:\\Data\\x.csv&quot;]" />
  <ui:ReadTextFile DisplayName="Read unix" FileName="/home/robot/in.txt" />
</Sequence>`,
      [
        {
          ruleId: id,
          line: 2,
          column: 39,
          activity: 'Read',
          message: 'Absolute path "C:\\Users\\bot\\in.txt" hardcoded in the property FileName.',
        },
        {
          ruleId: id,
          line: 3,
          activity: 'Copy',
          message: 'Absolute path "\\\\fileserver\\share\\" hardcoded in the property Path.',
        },
        { ruleId: id, line: 4, activity: 'Read C#' },
        { ruleId: id, line: 5, activity: 'Read unix' },
      ],
    )
  })

  it('accepts relative paths, URLs, config lookups and environment folders', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:ExcelApplicationScope WorkbookPath="Data\\Config.xlsx" />
  <ui:ReadTextFile FileName="[Path.Combine(in_Config(&quot;InputFolder&quot;).ToString, &quot;in.txt&quot;)]" />
  <ui:ReadTextFile FileName="[Environment.GetFolderPath(Environment.SpecialFolder.Desktop) + &quot;\\in.txt&quot;]" />
  <ui:OpenBrowser Url="https://portal.acme.io/home/index" />
  <ui:LogMessage Message="[&quot;Started at 10:30&quot;]" />
  <ui:Comment Text="Files are in C:\\Temp on the dev machine" />
</Sequence>`,
      [],
    )
  })

  it('option ignoredPathPattern accepts chosen folders', () => {
    expectFindings(rule, '<ui:OpenApplication FileName="C:\\Windows\\System32\\notepad.exe" />', [], {
      options: { ignoredPathPattern: '^C:\\\\Windows\\\\' },
    })
  })

  it('ignores a path quoted in Log Message text, reports it where a file is opened (and shows the path)', () => {
    // From uipath-skills …/excel-delete-range-filter-misalignment/…/Main.xaml, lines 31–32.
    expectFindings(
      rule,
      `
<Sequence DisplayName="Main Sequence">
  <ui:LogMessage DisplayName="Log: starting cleanup" Level="Info" Message="[&quot;[ExcelCustomerProcess] Removing legacy test customers (rows 10-20) from C:\\Robot\\Data\\customer-list.xlsx&quot;]" />
  <uix:UseExcelFile DisplayName="Use Excel File: customer-list.xlsx" WorkbookPath="C:\\Robot\\Data\\customer-list.xlsx" />
  <ui:StartProcess DisplayName="Clean temp" FileName="cmd.exe" Arguments="/c del /q D:\\Robot\\Temp\\*.tmp" />
</Sequence>`,
      [
        {
          ruleId: id,
          line: 3,
          activity: 'Use Excel File: customer-list.xlsx',
          message:
            'Absolute path "C:\\Robot\\Data\\customer-list.xlsx" hardcoded in the property WorkbookPath.',
        },
        {
          ruleId: id,
          line: 4,
          activity: 'Clean temp',
          message: 'Absolute path "D:\\Robot\\Temp\\*.tmp" hardcoded in the property Arguments.',
        },
      ],
    )
  })

  it('reports a path in log text when Log Message is taken out of ignoredActivityTypes', () => {
    expectFindings(
      rule,
      '<ui:LogMessage DisplayName="Log" Message="[&quot;Reading C:\\In\\a.csv&quot;]" />',
      [{ ruleId: id, line: 1, message: 'Absolute path "C:\\In\\a.csv" hardcoded in the property Message.' }],
      { options: { ignoredActivityTypes: ['ui:Comment'] } },
    )
  })

  /**
   * Reviewed real hits (each read at its line). The REFramework test harness opens Notepad by
   * absolute path (2019 copy and the Workflow-Analyzer variant; the current templates do not). The
   * vendor-invoices project saves, checks and mails the invoice PDF under the developer's
   * `D:\iti\RPA\…` folder (Type Into the Save dialog, File Exists, Path Exists, Send SMTP Mail's
   * attachment). SAP Logon is started from its install path; UiPath's troubleshooting scenarios
   * open `C:\Robot\Data\customer-list.xlsx` and start GitHub Desktop from a user profile folder.
   */
  const vendorInvoices = 'ahmed-ismail999-rpa-uipath--process-vendor-invoices/Process Vendor Invoices'
  const troubleshoot = 'uipath-skills/tests/tasks/uipath-troubleshoot/activity-packages'
  describeCorpusFindings(rule, 'corpus: only paths the workflows open are reported', {
    'uipath-reframework-2019/Tests/RunAllTests.xaml': [223],
    'k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer/Tests/RunAllTests.xaml': [257],
    [`${vendorInvoices}/ACME/ACME_DownloadPDFInvoice.xaml`]: [236, 286],
    [`${vendorInvoices}/Framework/Process.xaml`]: [537],
    [`${vendorInvoices}/PDF_ExtractData.xaml`]: [198],
    'uipath-codedautomations-samples/SAP_WinGUI_Coded_Automation_Project/SetupEnv_LoginUser.xaml': [93],
    [`${troubleshoot}/excel-delete-range-filter-misalignment/process/ExcelCustomerProcess/Main.xaml`]: [32],
    [`${troubleshoot}/uia-application-open-failed/process/DesktopApp.xaml`]: [112],
  })
})
