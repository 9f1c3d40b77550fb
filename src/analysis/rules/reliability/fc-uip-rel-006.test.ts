import { describe, it } from 'vitest'
import { describeCorpusFindings, expectFindings } from '../rule-test-kit.js'
import { nonSerializableInPersistenceScopeRule as rule } from './fc-uip-rel-006.js'

const id = 'FC-UIP-REL-006'
const NS =
  'xmlns:upa="clr-namespace:UiPath.Persistence.Activities;assembly=UiPath.Persistence.Activities" xmlns:sd="clr-namespace:System.Data;assembly=System.Data"'

describe(`${id} non-serializable-in-persistence-scope`, () => {
  it('reports variables of non-serializable types declared on the persistence activity’s ancestors', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Main" ${NS}>
  <Sequence.Variables>
    <Variable x:TypeArguments="ui:UiElement" Name="field" />
    <Variable x:TypeArguments="scg:List(sd:DataRow)" Name="rows" />
    <Variable x:TypeArguments="x:String" Name="invoiceId" />
    <Variable x:TypeArguments="sd:DataTable" Name="dt" />
  </Sequence.Variables>
  <Sequence DisplayName="Read screen">
    <Sequence.Variables>
      <Variable x:TypeArguments="ui:Browser" Name="browser" />
    </Sequence.Variables>
  </Sequence>
  <upa:WaitForFormTaskAndResume DisplayName="Wait for approval" TaskInput="[task]" />
</Sequence>`,
      [
        {
          ruleId: id,
          line: 3,
          activity: 'Main',
          message: 'Variable "field" of type UiPath.Core.UiElement is in scope of Wait for approval.',
        },
        {
          ruleId: id,
          line: 4,
          message: 'Variable "rows" of type System.Data.DataRow is in scope of Wait for approval.',
        },
      ],
    )
  })

  it('reports arguments of non-serializable types of a workflow that persists', () => {
    const workflow = (
      body: string,
    ) => `<Activity x:Class="Approve" xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities" xmlns:x="http://schemas.microsoft.com/winfx/2006/xaml" xmlns:snm="clr-namespace:System.Net.Mail;assembly=System" xmlns:upa="clr-namespace:UiPath.Persistence.Activities;assembly=UiPath.Persistence.Activities">
  <x:Members>
    <x:Property Name="in_Mail" Type="InArgument(snm:MailMessage)" />
    <x:Property Name="in_Id" Type="InArgument(x:String)" />
  </x:Members>
  <Sequence DisplayName="Approve">
    ${body}
  </Sequence>
</Activity>
`
    expectFindings(
      rule,
      workflow('<upa:ResumeAfterDelay DisplayName="Wait a day" Expire="[DateTime.Now.AddDays(1)]" />'),
      [
        {
          ruleId: id,
          line: 3,
          message: 'In argument "in_Mail" of type System.Net.Mail.MailMessage is in scope of Wait a day.',
        },
      ],
      { document: true },
    )
    expectFindings(rule, workflow('<Delay Duration="00:00:01" />'), [], { document: true })
  })

  it('takes the list of non-serializable types from the options', () => {
    expectFindings(
      rule,
      `
<Sequence ${NS}>
  <Sequence.Variables>
    <Variable x:TypeArguments="sd:DataTable" Name="dt" />
    <Variable x:TypeArguments="ui:UiElement" Name="field" />
  </Sequence.Variables>
  <upa:WaitForJobAndResume Job="[job]" />
</Sequence>`,
      [{ ruleId: id, line: 3 }],
      { options: { nonSerializableTypes: ['System.Data.DataTable'] } },
    )
  })

  // The corpus has no persistence activity: nothing to report anywhere, ReFramework_WorkflowAnalyzer
  // (which passes UiPath's own rules) included.
  describeCorpusFindings(rule, 'corpus', {})
})
