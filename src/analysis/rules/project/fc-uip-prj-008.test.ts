import { describe, expect, it } from 'vitest'
import { corpusProjectFindingsOf, projectFindingsOf, workflowWith } from '../project-rule-test-kit.js'
import { undeclaredPackageRule } from './fc-uip-prj-008.js'

const systemOnly = { 'UiPath.System.Activities': '[24.10.5]' }
const findings = (
  files: Record<string, string | { document: string }>,
  dependencies: Record<string, string> = systemOnly,
) =>
  projectFindingsOf(undeclaredPackageRule, {
    projectJson: { name: 'P', main: 'Main.xaml', dependencies },
    files,
  })

describe('FC-UIP-PRJ-008 undeclared-package', () => {
  it('reports a package used but not declared, once, at its first use', () => {
    expect(
      findings({
        'Main.xaml': `<Sequence>
  <ui:LogMessage />
  <ui:ExcelApplicationScope />
  <ui:ExcelReadRange />
</Sequence>`,
        'A.xaml': `<Sequence>
  <uix:NClick />
</Sequence>`,
      }),
    ).toEqual([
      {
        path: 'A.xaml',
        line: 2,
        message:
          'Uses NClick (http://schemas.uipath.com/workflow/activities/uix) from UiPath.UIAutomation.Activities, which project.json does not declare.',
      },
      {
        path: 'Main.xaml',
        line: 3,
        message:
          'Uses ui:ExcelApplicationScope from UiPath.Excel.Activities, which project.json does not declare.',
      },
    ])
  })

  it('reports a package whose only use is a variable type', () => {
    const main = workflowWith(
      { ue: 'clr-namespace:UiPath.Excel;assembly=UiPath.Excel.Activities' },
      `<Sequence>
  <Sequence.Variables><Variable x:TypeArguments="ue:WorkbookApplication" Name="wb" /></Sequence.Variables>
</Sequence>`,
    )
    expect(findings({ 'Main.xaml': main }).map((finding) => finding.line)).toEqual([2])
  })

  it('names every package that may supply a shared namespace, and is quiet when one is declared', () => {
    const main = workflowWith(
      { p: 'http://schemas.uipath.com/workflow/activities/intelligentocr' },
      '<Sequence><p:ExtractDocumentDataWithDocumentData /></Sequence>',
    )
    expect(findings({ 'Main.xaml': main }).map((finding) => finding.message)).toEqual([
      'Uses ExtractDocumentDataWithDocumentData (http://schemas.uipath.com/workflow/activities/intelligentocr) from UiPath.DocumentUnderstanding.Activities or UiPath.IntelligentOCR.Activities, which project.json does not declare.',
    ])
    expect(
      findings({ 'Main.xaml': main }, { ...systemOnly, 'UiPath.IntelligentOCR.Activities': '[6.0.0]' }),
    ).toEqual([])
  })

  it('stays quiet on declared packages, expressions, unknown names and what it cannot know', () => {
    const excel = { 'Main.xaml': '<Sequence><ui:ExcelReadRange /><ui:Unheard /></Sequence>' }
    expect(findings(excel, { ...systemOnly, 'uipath.excel.activities': '[2.24.1]' })).toEqual([])
    expect(
      findings({
        'Main.xaml': '<Sequence><ui:LogMessage Message="[New WorkbookApplication(p).ToString]" /></Sequence>',
      }),
    ).toEqual([])
    // No dependencies at all: a project from before Studio 2018.1, which had none to declare.
    expect(findings(excel, {})).toEqual([])
    // A library may bring the package along as its own dependency.
    expect(findings(excel, { ...systemOnly, 'Acme.Common': '[1.0.0]' })).toEqual([])
    // The package that held System and UI Automation before Studio 2018.3.
    expect(
      findings(
        { 'Main.xaml': '<Sequence><ui:LogMessage /><ui:TypeInto /></Sequence>' },
        { 'UiPath.Core.Activities': '[2017.1.6309]' },
      ),
    ).toEqual([])
  })

  it('reports nothing on the shared corpus', () => {
    // Every corpus project declares what its workflows use, or is one the rule cannot judge
    // (uipath-reframework-2019 has no dependencies: Studio 2017's format; the coded samples declare
    // UiPath.CodedWorkflows, which the table does not know).
    expect(corpusProjectFindingsOf(undeclaredPackageRule)).toEqual([])
  })
})
