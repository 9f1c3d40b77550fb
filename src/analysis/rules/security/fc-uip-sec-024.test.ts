import { describe, expect, it } from 'vitest'
import { projectFindingsOf } from '../project-rule-test-kit.js'
import { crossWorkflowSecretLeakRule as rule } from './fc-uip-sec-024.js'

const id = 'FC-UIP-SEC-024'

/** A login workflow that returns the password as a String (out) and logs what it is given (in). */
const LOGIN = `<x:Members>
  <x:Property Name="in_Note" Type="InArgument(x:String)" />
  <x:Property Name="out_Password" Type="OutArgument(x:String)" />
</x:Members>
<Sequence DisplayName="Login">
  <ui:RequestCredential DisplayName="Ask" Password="[out_Password]" />
  <ui:LogMessage DisplayName="Log note" Level="Info" Message="[in_Note]" />
</Sequence>`

describe(`${id} cross-workflow-secret-leak`, () => {
  it('follows a secret out of an invoked workflow and back into it, across files', () => {
    const findings = projectFindingsOf(rule, {
      projectJson: { main: 'Main.xaml' },
      files: {
        'Main.xaml': `<Sequence DisplayName="Main">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="pwd" />
  </Sequence.Variables>
  <ui:InvokeWorkflowFile DisplayName="Invoke Login" WorkflowFileName="Login.xaml">
    <ui:InvokeWorkflowFile.Arguments>
      <OutArgument x:TypeArguments="x:String" x:Key="out_Password">[pwd]</OutArgument>
    </ui:InvokeWorkflowFile.Arguments>
  </ui:InvokeWorkflowFile>
  <WriteLine DisplayName="Echo" Text="[pwd]" />
  <ui:InvokeWorkflowFile DisplayName="Invoke Login again" WorkflowFileName="Login.xaml">
    <ui:InvokeWorkflowFile.Arguments>
      <InArgument x:TypeArguments="x:String" x:Key="in_Note">["Password was " + pwd]</InArgument>
    </ui:InvokeWorkflowFile.Arguments>
  </ui:InvokeWorkflowFile>
</Sequence>`,
        'Login.xaml': LOGIN,
      },
    })
    expect(findings).toEqual([
      {
        path: 'Login.xaml',
        line: 7,
        message:
          'A secret is written to the log: Ask Password (credential password) (line 6) → out_Password (Ask) (line 6) → out_Password returned by Login.xaml (Main.xaml line 5) → pwd (Invoke Login) (Main.xaml line 7) → passed as in_Note to Login.xaml (Main.xaml line 11) → Log note Message (line 7).',
      },
      {
        path: 'Main.xaml',
        line: 10,
        message:
          'A secret is written to the output: Ask Password (credential password) (Login.xaml line 6) → out_Password (Ask) (Login.xaml line 6) → out_Password returned by Login.xaml (line 5) → pwd (Invoke Login) (line 7) → Echo Text (line 10).',
      },
    ])
  })

  it('reports nothing for a flow inside one file (FC-UIP-SEC-020 has it) or when nothing secret crosses', () => {
    expect(
      projectFindingsOf(rule, {
        projectJson: { main: 'Main.xaml' },
        files: {
          'Main.xaml': `<Sequence DisplayName="Main">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="pwd" />
  </Sequence.Variables>
  <ui:RequestCredential Password="[pwd]" />
  <WriteLine Text="[pwd]" />
  <ui:InvokeWorkflowFile WorkflowFileName="Login.xaml">
    <ui:InvokeWorkflowFile.Arguments>
      <InArgument x:TypeArguments="x:String" x:Key="in_Note">["Logging in"]</InArgument>
    </ui:InvokeWorkflowFile.Arguments>
  </ui:InvokeWorkflowFile>
</Sequence>`,
          'Login.xaml': LOGIN.replace('[out_Password]', '[pwdLocal]'),
        },
      }),
    ).toEqual([])
  })

  it('ends on invocation cycles', () => {
    const cyclic = (other: string) => `<x:Members>
  <x:Property Name="in_Value" Type="InArgument(x:String)" />
</x:Members>
<Sequence>
  <ui:LogMessage Level="Info" Message="[in_Value]" />
  <ui:InvokeWorkflowFile WorkflowFileName="${other}">
    <ui:InvokeWorkflowFile.Arguments>
      <InArgument x:TypeArguments="x:String" x:Key="in_Value">[in_Value]</InArgument>
    </ui:InvokeWorkflowFile.Arguments>
  </ui:InvokeWorkflowFile>
</Sequence>`
    const findings = projectFindingsOf(rule, {
      projectJson: { main: 'Main.xaml' },
      files: {
        'Main.xaml': `<Sequence>
  <Sequence.Variables><Variable x:TypeArguments="x:String" Name="pwd" /></Sequence.Variables>
  <ui:RequestCredential Password="[pwd]" />
  <ui:InvokeWorkflowFile WorkflowFileName="A.xaml">
    <ui:InvokeWorkflowFile.Arguments>
      <InArgument x:TypeArguments="x:String" x:Key="in_Value">[pwd]</InArgument>
    </ui:InvokeWorkflowFile.Arguments>
  </ui:InvokeWorkflowFile>
</Sequence>`,
        'A.xaml': cyclic('B.xaml'),
        'B.xaml': cyclic('A.xaml'),
      },
    })
    expect(findings.map((finding) => `${finding.path}:${finding.line}`)).toEqual(['A.xaml:5', 'B.xaml:5'])
  })
})
