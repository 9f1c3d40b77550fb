import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings } from '../rule-test-kit.js'
import { untrustedInputToCodeRule as rule } from './fc-uip-sec-021.js'

const id = 'FC-UIP-SEC-021'

describe(`${id} untrusted-input-to-code`, () => {
  it('reports queue item → a → b → Start Process, naming the path', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Main">
  <Sequence.Variables>
    <Variable x:TypeArguments="ui:QueueItem" Name="item" />
    <Variable x:TypeArguments="x:String" Name="a" />
    <Variable x:TypeArguments="x:String" Name="b" />
  </Sequence.Variables>
  <ui:GetQueueItem DisplayName="Get item" QueueType="Jobs" TransactionItem="[item]" />
  <Assign DisplayName="Read folder">
    <Assign.To><OutArgument x:TypeArguments="x:String">[a]</OutArgument></Assign.To>
    <Assign.Value><InArgument x:TypeArguments="x:String">[item.SpecificContent("Folder").ToString]</InArgument></Assign.Value>
  </Assign>
  <Assign DisplayName="Build command">
    <Assign.To><OutArgument x:TypeArguments="x:String">[b]</OutArgument></Assign.To>
    <Assign.Value><InArgument x:TypeArguments="x:String">["/c dir " + a]</InArgument></Assign.Value>
  </Assign>
  <ui:StartProcess DisplayName="List folder" FileName="cmd.exe" Arguments="[b]" />
</Sequence>`,
      [
        {
          ruleId: id,
          line: 16,
          activity: 'List folder',
          message:
            'Untrusted input is run as a process command line: Get item TransactionItem (queue item) (line 7) → item (Get item) (line 7) → a (Read folder) (line 9) → b (Build command) (line 13) → List folder Arguments (line 16).',
        },
      ],
    )
  })

  it('reports screen text run as PowerShell and an e-mail body run as Invoke Code; not data passed as parameters', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Main">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="shown" />
    <Variable x:TypeArguments="scg:List(snm:MailMessage)" Name="mails" xmlns:snm="clr-namespace:System.Net.Mail;assembly=System" />
  </Sequence.Variables>
  <ui:GetValue DisplayName="Read field"><ui:GetValue.Value><OutArgument x:TypeArguments="x:String">[shown]</OutArgument></ui:GetValue.Value></ui:GetValue>
  <ui:InvokePowerShell x:TypeArguments="x:Object" CommandText="[&quot;Get-Item &quot; + shown]" />
  <ui:InvokePowerShell x:TypeArguments="x:Object" CommandText="Get-Item">
    <ui:InvokePowerShell.Parameters>
      <InArgument x:TypeArguments="x:Object" x:Key="Path">[shown]</InArgument>
    </ui:InvokePowerShell.Parameters>
  </ui:InvokePowerShell>
  <ui:GetOutlookMailMessages MailFolder="Inbox" Messages="[mails]" />
  <ui:InvokeCode Code="[mails(0).Body]" />
</Sequence>`,
      [
        { ruleId: id, line: 7 },
        { ruleId: id, line: 14 },
      ],
    )
  })

  describeNothingInCorpus(rule, 'the shared corpus', corpusFiles())
})
