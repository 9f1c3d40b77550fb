import { describe, expect, it } from 'vitest'
import { corpusProjectFindingsOf, projectFindingsOf } from '../project-rule-test-kit.js'
import { unusedSavedValueRule as rule } from './fc-uip-prj-012.js'

/** project.json of a StudioX project as StudioX 21.10 writes it (the parts the rule reads). */
const studioX = (systemActivities = '[21.10.4]', projectProfile = 'Business') => ({
  main: 'Main.xaml',
  dependencies: { 'UiPath.System.Activities': systemActivities, 'UiPath.Excel.Activities': '[2.11.4]' },
  designOptions: { projectProfile, outputType: 'Process' },
})

// Saved values as StudioX writes them: variables of the workflow, saved by an output.
const main = `
<Sequence DisplayName="Main">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="CustomerName" />
    <Variable x:TypeArguments="x:String" Name="InvoiceTotal" />
    <Variable x:TypeArguments="x:String" Name="Status" />
    <Variable x:TypeArguments="x:Int32" Name="RowCount" />
  </Sequence.Variables>
  <ui:GetCellValue DisplayName="Read Cell Customer">
    <ui:GetCellValue.Result><OutArgument x:TypeArguments="x:String">[CustomerName]</OutArgument></ui:GetCellValue.Result>
  </ui:GetCellValue>
  <ui:GetCellValue DisplayName="Read Cell Total">
    <ui:GetCellValue.Result><OutArgument x:TypeArguments="x:String">[InvoiceTotal]</OutArgument></ui:GetCellValue.Result>
  </ui:GetCellValue>
  <Assign DisplayName="Assign Status"><Assign.To><OutArgument x:TypeArguments="x:String">[Status]</OutArgument></Assign.To><Assign.Value><InArgument x:TypeArguments="x:String">Open</InArgument></Assign.Value></Assign>
  <ui:CountRows Result="[RowCount]" />
  <ui:LogMessage DisplayName="Log Customer" Message="[&quot;Customer: &quot; + CustomerName]" />
</Sequence>`

describe('FC-UIP-PRJ-012 unused-saved-value', () => {
  it('reports values a StudioX workflow saves and never uses (UiPath ST-USG-024)', () => {
    expect(projectFindingsOf(rule, { projectJson: studioX(), files: { 'Main.xaml': main } })).toEqual([
      { path: 'Main.xaml', line: 4, message: '"InvoiceTotal" is saved (line 11) but no activity uses it.' },
      { path: 'Main.xaml', line: 5, message: '"Status" is saved (line 14) but no activity uses it.' },
    ])
  })

  it('keeps a value that an attribute may read (Result="[x]" saves, Text="[x]" reads: not told apart)', () => {
    // RowCount is only mentioned by CountRows' Result attribute: it may be a use, so it is not reported.
    const findings = projectFindingsOf(rule, { projectJson: studioX(), files: { 'Main.xaml': main } })
    expect(findings.some((finding) => finding.message?.includes('RowCount'))).toBe(false)
  })

  it('counts an In/Out argument of an invoked workflow as a use', () => {
    const inOut = `
<Sequence>
  <Sequence.Variables><Variable x:TypeArguments="x:Int32" Name="Counter" /></Sequence.Variables>
  <Assign><Assign.To><OutArgument x:TypeArguments="x:Int32">[Counter]</OutArgument></Assign.To><Assign.Value><InArgument x:TypeArguments="x:Int32">0</InArgument></Assign.Value></Assign>
  <ui:InvokeWorkflowFile WorkflowFileName="Count.xaml">
    <ui:InvokeWorkflowFile.Arguments><InOutArgument x:TypeArguments="x:Int32" x:Key="io_Counter">[Counter]</InOutArgument></ui:InvokeWorkflowFile.Arguments>
  </ui:InvokeWorkflowFile>
</Sequence>`
    expect(projectFindingsOf(rule, { projectJson: studioX(), files: { 'Main.xaml': inOut } })).toEqual([])
  })

  it('judges StudioX projects on System.Activities 20.4 to 22.3 only, unless anyProject', () => {
    const files = { 'Main.xaml': main }
    expect(projectFindingsOf(rule, { projectJson: studioX('[22.4.1]'), files })).toEqual([])
    expect(projectFindingsOf(rule, { projectJson: studioX('[19.10.1]'), files })).toEqual([])
    expect(projectFindingsOf(rule, { projectJson: studioX('[21.10.4]', 'Developement'), files })).toEqual([])
    expect(projectFindingsOf(rule, { projectJson: studioX('[20.4.0]'), files })).toHaveLength(2)
    expect(
      projectFindingsOf(
        rule,
        { projectJson: studioX('[23.10.2]', 'Developement'), files },
        { anyProject: true },
      ),
    ).toHaveLength(2)
  })

  // No corpus project is a StudioX project. With anyProject the 11 findings on the corpus's Studio
  // projects were each read and are values saved and never used (REVIEW.md).
  it('reports nothing on the shared corpus', () => {
    expect(corpusProjectFindingsOf(rule)).toEqual([])
  })
})
