import { describe, expect, it } from 'vitest'
import { projectFindingsOf } from '../project-rule-test-kit.js'
import { crossWorkflowUntrustedInputRule as rule } from './fc-uip-sec-025.js'

const id = 'FC-UIP-SEC-025'

describe(`${id} cross-workflow-untrusted-input`, () => {
  it('follows queue item content into an invoked workflow that builds SQL and a command from it', () => {
    const findings = projectFindingsOf(rule, {
      projectJson: { main: 'Main.xaml' },
      files: {
        'Main.xaml': `<x:Members>
  <x:Property Name="in_TransactionItem" Type="InArgument(ui:QueueItem)" />
</x:Members>
<Sequence DisplayName="Process">
  <ui:InvokeWorkflowFile DisplayName="Invoke Update" WorkflowFileName="Update.xaml">
    <ui:InvokeWorkflowFile.Arguments>
      <InArgument x:TypeArguments="x:String" x:Key="in_Customer">[in_TransactionItem.SpecificContent("Customer").ToString]</InArgument>
      <InArgument x:TypeArguments="x:String" x:Key="in_Folder">["C:\\Reports"]</InArgument>
    </ui:InvokeWorkflowFile.Arguments>
  </ui:InvokeWorkflowFile>
</Sequence>`,
        'Update.xaml': `<x:Members>
  <x:Property Name="in_Customer" Type="InArgument(x:String)" />
  <x:Property Name="in_Folder" Type="InArgument(x:String)" />
</x:Members>
<Sequence DisplayName="Update">
  <ui:ExecuteNonQuery DisplayName="Update customer" CommandType="Text">
    <ui:ExecuteNonQuery.Sql>
      <InArgument x:TypeArguments="x:String"><mca:CSharpValue x:TypeArguments="x:String">"UPDATE Customers SET Done = 1 WHERE Name = '" + in_Customer + "'"</mca:CSharpValue></InArgument>
    </ui:ExecuteNonQuery.Sql>
  </ui:ExecuteNonQuery>
  <ui:InvokePowerShell x:TypeArguments="x:Object" DisplayName="Archive" CommandText="[&quot;Compress-Archive &quot; + in_Folder]" />
  <ui:StartProcess DisplayName="Notify" FileName="notify.exe" Arguments="[in_Customer]" />
</Sequence>`,
      },
    })
    expect(findings).toEqual([
      {
        path: 'Update.xaml',
        line: 8,
        message:
          'Untrusted input is used in the SQL command text: queue item content (SpecificContent) (Main.xaml line 7) → passed as in_Customer to Update.xaml (Main.xaml line 5) → Update customer Sql (line 8).',
      },
      {
        path: 'Update.xaml',
        line: 12,
        message:
          'Untrusted input is run as a process command line: queue item content (SpecificContent) (Main.xaml line 7) → passed as in_Customer to Update.xaml (Main.xaml line 5) → Notify Arguments (line 12).',
      },
    ])
  })
})
