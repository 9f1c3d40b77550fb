import { describe, expect, it } from 'vitest'
import { corpusProjectFindingsOf, projectFindingsOf, workflowWith } from '../project-rule-test-kit.js'
import { unusedDependencyRule } from './fc-uip-prj-007.js'

const EXCEL_NS = 'clr-namespace:UiPath.Excel.Activities;assembly=UiPath.Excel.Activities'
const dependencies = {
  'UiPath.Excel.Activities': '[2.24.1]',
  'UiPath.System.Activities': '[24.10.5]',
}
const logOnly = '<Sequence><ui:LogMessage Message="[&quot;hi&quot;]" /></Sequence>'
const findings = (main: string | { document: string }, projectJson: Record<string, unknown> = {}) =>
  projectFindingsOf(unusedDependencyRule, {
    projectJson: { name: 'P', main: 'Main.xaml', dependencies, ...projectJson },
    files: { 'Main.xaml': main },
  })

describe('FC-UIP-PRJ-007 unused-dependency', () => {
  it('reports a declared package no workflow uses, at its line in project.json', () => {
    expect(findings(logOnly)).toEqual([
      {
        path: 'project.json',
        line: 5,
        message:
          'UiPath.Excel.Activities [2.24.1] is declared, but no workflow uses an activity or type of it.',
      },
    ])
  })

  it('does not count an assembly that is only referenced or a namespace that is only imported', () => {
    const referencedOnly = `<Sequence><TextExpression.NamespacesForImplementation><sco:Collection x:TypeArguments="x:String" xmlns:sco="clr-namespace:System.Collections.ObjectModel;assembly=mscorlib"><x:String>UiPath.Excel</x:String></sco:Collection></TextExpression.NamespacesForImplementation>
<TextExpression.ReferencesForImplementation><sco:Collection x:TypeArguments="AssemblyReference" xmlns:sco="clr-namespace:System.Collections.ObjectModel;assembly=mscorlib"><AssemblyReference>UiPath.Excel.Activities</AssemblyReference></sco:Collection></TextExpression.ReferencesForImplementation>
<ui:LogMessage Message="[&quot;hi&quot;]" /></Sequence>`
    expect(findings(referencedOnly).map((finding) => finding.line)).toEqual([5])
  })

  it('counts an activity, a clr-namespace element, a variable type and an expression type as use', () => {
    expect(findings('<Sequence><ui:LogMessage /><ui:ExcelApplicationScope /></Sequence>')).toEqual([])
    expect(
      findings(
        workflowWith({ uexa: EXCEL_NS }, '<Sequence><ui:LogMessage /><uexa:ExcelProcessScopeX /></Sequence>'),
      ),
    ).toEqual([])
    expect(
      findings(
        workflowWith(
          { ue: 'clr-namespace:UiPath.Excel;assembly=UiPath.Excel.Activities' },
          '<Sequence><Sequence.Variables><Variable x:TypeArguments="ue:WorkbookApplication" Name="wb" /></Sequence.Variables><ui:LogMessage /></Sequence>',
        ),
      ),
    ).toEqual([])
    expect(
      findings('<Sequence><ui:LogMessage Message="[New WorkbookApplication(path).ToString]" /></Sequence>'),
    ).toEqual([])
  })

  it('stays quiet on packages it does not know, on unknown UiPath names, on coded and incomplete projects', () => {
    expect(findings(logOnly, { dependencies: { ...dependencies, 'Acme.Common': '[1.0.0]' } }).length).toBe(1)
    expect(findings('<Sequence><ui:LogMessage /><ui:SomeNewActivity /></Sequence>')).toEqual([])
    expect(
      findings(logOnly, { dependencies: { ...dependencies, 'UiPath.CodedWorkflows': '[23.10.2]' } }),
    ).toEqual([])
    expect(findings(logOnly, { main: 'Process.xaml' })).toEqual([])
    expect(
      findings(
        `<Sequence><ui:LogMessage /><ui:InvokeWorkflowFile WorkflowFileName="Gone.xaml" /></Sequence>`,
      ),
    ).toEqual([])
  })

  it('keeps UiPath.Testing.Activities in a test project and in a project with test cases', () => {
    const withTesting = { ...dependencies, 'UiPath.Testing.Activities': '[24.10.1]' }
    const reported = (projectJson: Record<string, unknown>) =>
      findings('<Sequence><ui:LogMessage /><ui:ReadRange /></Sequence>', {
        dependencies: withTesting,
        ...projectJson,
      }).map((finding) => finding.message?.split(' ')[0])
    expect(reported({})).toEqual(['UiPath.Testing.Activities'])
    expect(reported({ designOptions: { outputType: 'Tests' } })).toEqual([])
    expect(
      reported({ designOptions: { fileInfoCollection: [{ fileName: 'Main.xaml', testCaseId: 'a1' }] } }),
    ).toEqual([])
  })

  it('on the shared corpus reports exactly the reviewed findings', () => {
    // Each read against the project's XAML: the package's assembly appears at most in
    // ReferencesForImplementation, no element, type or expression of it is anywhere.
    expect(corpusProjectFindingsOf(unusedDependencyRule)).toEqual([
      // Uses Document Understanding's Extract Document Data on the PDFs; UiPath.PDF.Activities is only referenced.
      'ahmed-ismail999-rpa-uipath--process-vendor-invoices/Process Vendor Invoices: project.json:10 UiPath.PDF.Activities [3.20.1] is declared, but no workflow uses an activity or type of it.',
      // Two InvokeWorkflowFile activities and arguments: nothing of UI Automation.
      'uipath-skills/tests/tasks/uipath-troubleshoot/activity-packages/classic-invoke-arg-mismatch/process: project.json:8 UiPath.UIAutomation.Activities [24.10.6] is declared, but no workflow uses an activity or type of it.',
      // Database Connect / Execute Non Query / Log Message: the template's Testing and UI Automation are left over.
      'uipath-skills/tests/tasks/uipath-troubleshoot/activity-packages/db-execute-non-query-unsafe-sql/process: project.json:9 UiPath.Testing.Activities [25.10.1] is declared, but no workflow uses an activity or type of it.',
      'uipath-skills/tests/tasks/uipath-troubleshoot/activity-packages/db-execute-non-query-unsafe-sql/process: project.json:10 UiPath.UIAutomation.Activities [26.3.1-beta.11641006] is declared, but no workflow uses an activity or type of it.',
      'uipath-skills/tests/tasks/uipath-troubleshoot/activity-packages/db-execute-query-in-connection-string/process: project.json:9 UiPath.Testing.Activities [25.10.1] is declared, but no workflow uses an activity or type of it.',
      'uipath-skills/tests/tasks/uipath-troubleshoot/activity-packages/db-execute-query-in-connection-string/process: project.json:10 UiPath.UIAutomation.Activities [26.3.1-beta.11641006] is declared, but no workflow uses an activity or type of it.',
      // Get Credential and Log Message only: the four other packages of the default template are unused.
      'uipath-skills/tests/tasks/uipath-troubleshoot/activity-packages/sys-getasset-name-mismatch/process: project.json:7 UiPath.Excel.Activities [3.4.1] is declared, but no workflow uses an activity or type of it.',
      'uipath-skills/tests/tasks/uipath-troubleshoot/activity-packages/sys-getasset-name-mismatch/process: project.json:8 UiPath.Mail.Activities [2.7.10] is declared, but no workflow uses an activity or type of it.',
      'uipath-skills/tests/tasks/uipath-troubleshoot/activity-packages/sys-getasset-name-mismatch/process: project.json:10 UiPath.Testing.Activities [25.10.1] is declared, but no workflow uses an activity or type of it.',
      'uipath-skills/tests/tasks/uipath-troubleshoot/activity-packages/sys-getasset-name-mismatch/process: project.json:11 UiPath.UIAutomation.Activities [26.3.1-beta.11641006] is declared, but no workflow uses an activity or type of it.',
      // One HTTP Request (UiPath.WebAPI.Activities) in a Sequence: nothing of UiPath.System.Activities.
      'uipath-skills/tests/tasks/uipath-troubleshoot/activity-packages/web-http-415-content-type/process/CrmContactUpload: project.json:6 UiPath.System.Activities [26.2.6] is declared, but no workflow uses an activity or type of it.',
    ])
  })
})
