import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings } from '../rule-test-kit.js'
import { dynamicCodeExecutionRule as rule } from './fc-uip-sec-006.js'

const id = 'FC-UIP-SEC-006'

describe(`${id} dynamic-code-execution`, () => {
  it('reports Invoke Code and Invoke PowerShell whose code is concatenated or comes from an input argument', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <x:Members>
    <x:Property Name="in_Script" Type="InArgument(x:String)" />
  </x:Members>
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="fileName" />
  </Sequence.Variables>
  <ui:InvokeCode DisplayName="Run built code" Code="[&quot;System.IO.File.Delete(&quot;&quot;&quot; + fileName + &quot;&quot;&quot;)&quot;]" />
  <ui:InvokePowerShell x:TypeArguments="x:Object" DisplayName="Run caller's script" CommandText="[in_Script]" IsScript="True" />
  <ui:InvokePowerShell x:TypeArguments="x:Object" CommandText="[$&quot;Remove-Item {fileName}&quot;]" />
</Sequence>`,
      [
        {
          ruleId: id,
          line: 8,
          column: 3,
          activity: 'Run built code',
          message: 'ui:InvokeCode Code: the code is built from run-time data.',
        },
        {
          ruleId: id,
          line: 9,
          activity: "Run caller's script",
          message: 'ui:InvokePowerShell CommandText: the code comes from the input argument "in_Script".',
        },
        { ruleId: id, line: 10 },
      ],
    )
  })

  it('follows a variable one step back to the concatenation that built it', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="user" />
    <Variable x:TypeArguments="x:String" Name="command" />
  </Sequence.Variables>
  <Assign>
    <Assign.To>
      <OutArgument x:TypeArguments="x:String">[command]</OutArgument>
    </Assign.To>
    <Assign.Value>
      <InArgument x:TypeArguments="x:String">["Get-ADUser " &amp; user]</InArgument>
    </Assign.Value>
  </Assign>
  <ui:InvokePowerShell x:TypeArguments="x:Object" DisplayName="Query AD" CommandText="[command]" />
</Sequence>`,
      [
        {
          ruleId: id,
          line: 14,
          message:
            'ui:InvokePowerShell CommandText: the code comes from "command", built from run-time data.',
        },
      ],
    )
  })

  it('reports Start Process with a dynamic program, or a shell with a dynamic command line', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <x:Members>
    <x:Property Name="in_Tool" Type="InArgument(x:String)" />
    <x:Property Name="in_Folder" Type="InArgument(x:String)" />
  </x:Members>
  <ui:StartProcess DisplayName="Start tool" FileName="[in_Tool]" />
  <ui:StartProcess DisplayName="Clean folder" FileName="cmd.exe" Arguments="[&quot;/c rmdir /s /q &quot; + in_Folder]" />
</Sequence>`,
      [
        {
          ruleId: id,
          line: 6,
          activity: 'Start tool',
          message: 'ui:StartProcess FileName: the program comes from the input argument "in_Tool".',
        },
        {
          ruleId: id,
          line: 7,
          activity: 'Clean folder',
          message: 'ui:StartProcess Arguments of cmd.exe: the command line is built from run-time data.',
        },
      ],
    )
  })

  it('accepts fixed code, scripts read from files or assigned from literals, parameters, and non-shell programs', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <x:Members>
    <x:Property Name="in_TestLogFile" Type="InArgument(x:String)" />
  </x:Members>
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="PsScript" />
    <Variable x:TypeArguments="x:String" Name="Fixed" Default="[&quot;Get-Process&quot; + vbCrLf + &quot;Get-Date&quot;]" />
  </Sequence.Variables>
  <ui:InvokeCode Code="Console.WriteLine(in_Arg)" />
  <ui:InvokeCode Code="[&quot;Dim x As Integer = 1&quot;]" />
  <ui:ReadTextFile Content="[PsScript]" FileName="script.ps1" />
  <ui:InvokePowerShell x:TypeArguments="x:Object" CommandText="[PsScript]" IsScript="True">
    <ui:InvokePowerShell.Parameters>
      <InArgument x:TypeArguments="x:Object" x:Key="file">[in_TestLogFile]</InArgument>
    </ui:InvokePowerShell.Parameters>
  </ui:InvokePowerShell>
  <ui:InvokePowerShell x:TypeArguments="x:Object" CommandText="[Fixed]" IsScript="True" />
  <ui:InvokePowerShell x:TypeArguments="x:Object" CommandText="Get-Process" />
  <ui:OpenApplication FileName="C:\\windows\\system32\\notepad.exe" Arguments="[in_TestLogFile]" Selector="&lt;wnd app='notepad.exe' /&gt;" />
  <ui:StartProcess FileName="excel.exe" Arguments="[&quot;/r &quot; + in_TestLogFile]" />
</Sequence>`,
      [],
    )
  })

  it('option shellPattern decides which programs run their arguments as code', () => {
    const snippet = `
<Sequence>
  <x:Members>
    <x:Property Name="in_Args" Type="InArgument(x:String)" />
  </x:Members>
  <ui:StartProcess FileName="myrunner.exe" Arguments="[in_Args]" />
</Sequence>`
    expectFindings(rule, snippet, [])
    expectFindings(rule, snippet, [{ ruleId: id, line: 5 }], { options: { shellPattern: 'myrunner\\.exe$' } })
  })

  // Real scripts: PrintToPDF reads its script from a .ps1 shipped with the project (line 235) and
  // KillRobotOwnedProcesses_ps assigns it from an XML literal; both pass data as Parameters.
  describeNothingInCorpus(
    rule,
    'corpus: PowerShell run the safe way',
    [
      'k2zinger-uipath-snippets/PrintToPDF/Main.xaml',
      'k2zinger-uipath-snippets/Workflows/KillRobotOwnedProcesses_ps.xaml',
      ...corpusFiles('k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'),
    ].filter((name) => corpusFiles().includes(name)),
  )
})
