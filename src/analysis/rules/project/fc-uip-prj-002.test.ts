import { describe, expect, it } from 'vitest'
import { projectFindingsOf } from '../project-rule-test-kit.js'
import { invokeArgumentMismatchRule } from './fc-uip-prj-002.js'

/** A callee that declares in_Name (String, required), out_Count (Int32) and io_Table (DataTable). */
const CALLEE = `<x:Members>
  <x:Property Name="in_Name" Type="InArgument(x:String)">
    <x:Property.Attributes><RequiredArgumentAttribute /></x:Property.Attributes>
  </x:Property>
  <x:Property Name="out_Count" Type="OutArgument(x:Int32)" />
  <x:Property Name="io_Table" Type="InOutArgument(sd:DataTable)" />
  <x:Property Name="in_Optional" Type="InArgument(x:String)" />
</x:Members>
<Sequence />`

function call(args: string): string {
  return `<Sequence>
<ui:InvokeWorkflowFile DisplayName="Invoke Callee" WorkflowFileName="Callee.xaml">
<ui:InvokeWorkflowFile.Arguments>
${args}
</ui:InvokeWorkflowFile.Arguments>
</ui:InvokeWorkflowFile>
</Sequence>`
}

function findings(args: string) {
  return projectFindingsOf(invokeArgumentMismatchRule, {
    projectJson: { main: 'Main.xaml' },
    files: { 'Main.xaml': call(args), 'Callee.xaml': CALLEE },
  })
}

describe('FC-UIP-PRJ-002 invoke-argument-mismatch', () => {
  it('accepts arguments that match in name, direction and type (prefixes may differ)', () => {
    expect(
      findings(`<InArgument x:TypeArguments="x:String" x:Key="in_Name">[name]</InArgument>
<OutArgument x:TypeArguments="x:Int32" x:Key="out_Count">[count]</OutArgument>
<InOutArgument x:TypeArguments="sd2:DataTable" x:Key="io_Table">[table]</InOutArgument>`),
    ).toEqual([])
  })

  it('reports an argument the callee does not declare, at the argument', () => {
    expect(
      findings(`<InArgument x:TypeArguments="x:String" x:Key="in_Name">[name]</InArgument>
<InArgument x:TypeArguments="x:String" x:Key="in_Typo">[x]</InArgument>`),
    ).toEqual([{ path: 'Main.xaml', line: 5, message: 'Callee.xaml declares no argument "in_Typo".' }])
  })

  it('reports a direction and a type that differ from the declaration', () => {
    expect(
      findings(`<InArgument x:TypeArguments="x:String" x:Key="in_Name">[name]</InArgument>
<InArgument x:TypeArguments="x:Int32" x:Key="out_Count">[count]</InArgument>
<InOutArgument x:TypeArguments="x:String" x:Key="io_Table">[table]</InOutArgument>`),
    ).toEqual([
      { path: 'Main.xaml', line: 5, message: '"out_Count" is passed as In but Callee.xaml declares it Out.' },
      {
        path: 'Main.xaml',
        line: 6,
        message: '"io_Table" is passed as x:String but Callee.xaml declares sd:DataTable.',
      },
    ])
  })

  it('reports a required In argument that is not passed, at the invoke; an optional one is fine', () => {
    expect(
      findings('<OutArgument x:TypeArguments="x:Int32" x:Key="out_Count">[count]</OutArgument>'),
    ).toEqual([
      {
        path: 'Main.xaml',
        line: 2,
        message: 'The required In argument "in_Name" of Callee.xaml is not passed.',
      },
    ])
  })

  it('says nothing when the arguments come from an ArgumentsVariable dictionary', () => {
    const result = projectFindingsOf(invokeArgumentMismatchRule, {
      projectJson: { main: 'Main.xaml' },
      files: {
        'Main.xaml':
          '<Sequence><ui:InvokeWorkflowFile ArgumentsVariable="[args]" WorkflowFileName="Callee.xaml" /></Sequence>',
        'Callee.xaml': CALLEE,
      },
    })
    expect(result).toEqual([])
  })

  it('reads the wrapped argument dictionary of older files', () => {
    expect(
      findings(`<scg:Dictionary x:TypeArguments="x:String, Argument">
<InArgument x:TypeArguments="x:String" x:Key="in_Nam">[name]</InArgument>
</scg:Dictionary>`).map((finding) => finding.message),
    ).toContain('Callee.xaml declares no argument "in_Nam".')
  })
})
