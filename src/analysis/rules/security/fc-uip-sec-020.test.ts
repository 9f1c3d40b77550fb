import { describe, expect, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings, findingsOf } from '../rule-test-kit.js'
import { secretLeakRule as rule } from './fc-uip-sec-020.js'

const id = 'FC-UIP-SEC-020'

describe(`${id} secret-leak`, () => {
  it('reports a SecureString converted into a neutral-named String that reaches a Log Message, naming the path', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Main" xmlns:ss="clr-namespace:System.Security;assembly=mscorlib">
  <Sequence.Variables>
    <Variable x:TypeArguments="ss:SecureString" Name="secure" />
    <Variable x:TypeArguments="x:String" Name="detail" />
  </Sequence.Variables>
  <ui:GetRobotCredential AssetName="ERP" DisplayName="Get ERP credential" Password="[secure]" />
  <Assign DisplayName="Prepare detail">
    <Assign.To><OutArgument x:TypeArguments="x:String">[detail]</OutArgument></Assign.To>
    <Assign.Value><InArgument x:TypeArguments="x:String">[New System.Net.NetworkCredential("", secure).Password]</InArgument></Assign.Value>
  </Assign>
  <ui:LogMessage DisplayName="Log detail" Level="Trace" Message="[&quot;Detail: &quot; + detail]" />
</Sequence>`,
      [
        {
          ruleId: id,
          line: 11,
          activity: 'Log detail',
          message:
            'A secret is written to the log: Get ERP credential Password (credential password) (line 6) → secure (Get ERP credential) (line 6) → converted to clear text (NetworkCredential("", secure).Password) (line 9) → detail (Prepare detail) (line 8) → Log detail Message (line 11).',
        },
      ],
    )
  })

  it('carries the path as flow steps (SARIF codeFlows) and keeps its fingerprint when lines move', () => {
    const snippet = `
<Sequence DisplayName="Main">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="pwd" />
  </Sequence.Variables>
  <ui:RequestCredential DisplayName="Ask" Password="[pwd]" />
  <WriteLine DisplayName="Echo" Text="[pwd]" />
</Sequence>`
    const [finding] = findingsOf(rule, snippet)
    expect(finding?.flow).toEqual([
      { line: 5, column: 43, message: 'Ask Password (credential password)' },
      { line: 5, column: 43, message: 'pwd (Ask)' },
      { line: 6, column: 33, message: 'Echo Text' },
    ])
    const [moved] = findingsOf(rule, `\n\n${snippet}`)
    expect(moved?.line).toBe(8)
    expect(moved?.fingerprint).toBe(finding?.fingerprint)
  })

  it('reports secrets in mail, Data Service entities, HTTP requests, queue items and non-password fields', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Main">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="pwd" />
  </Sequence.Variables>
  <ui:RequestCredential Password="[pwd]" />
  <ui:SendMail Body="[&quot;New password: &quot; + pwd]" Subject="Account" To="[to]" />
  <UpdateEntityRecord DisplayName="Save"><UpdateEntityRecord.InputRecord><InArgument x:TypeArguments="x:Object">[New With {.Secret = pwd}]</InArgument></UpdateEntityRecord.InputRecord></UpdateEntityRecord>
  <ui:HttpClient EndPoint="[&quot;https://api.example.com/login?pwd=&quot; + pwd]" Method="GET" />
  <ui:AddQueueItem QueueType="Accounts">
    <ui:AddQueueItem.ItemInformation>
      <InArgument x:TypeArguments="x:String" x:Key="Password">[pwd]</InArgument>
    </ui:AddQueueItem.ItemInformation>
  </ui:AddQueueItem>
  <ui:TypeInto DisplayName="Type into comment" Text="[pwd]">
    <ui:TypeInto.Target><ui:Target Selector="&lt;webctrl id='comment' tag='TEXTAREA' /&gt;" /></ui:TypeInto.Target>
  </ui:TypeInto>
  <ui:TypeInto DisplayName="Type into password" Text="[pwd]">
    <ui:TypeInto.Target><ui:Target Selector="&lt;webctrl type='password' tag='INPUT' /&gt;" /></ui:TypeInto.Target>
  </ui:TypeInto>
</Sequence>`,
      [
        { ruleId: id, line: 6 },
        { ruleId: id, line: 7 },
        { ruleId: id, line: 8 },
        { ruleId: id, line: 11 },
        { ruleId: id, line: 14 },
      ],
    )
  })

  it('reports nothing once the variable is reassigned from a clean value, or for a SecureString used as one', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Main" xmlns:ss="clr-namespace:System.Security;assembly=mscorlib">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="pwd" />
    <Variable x:TypeArguments="ss:SecureString" Name="secure" />
  </Sequence.Variables>
  <ui:RequestCredential Password="[pwd]" />
  <Assign>
    <Assign.To><OutArgument x:TypeArguments="x:String">[pwd]</OutArgument></Assign.To>
    <Assign.Value><InArgument x:TypeArguments="x:String">[String.Empty]</InArgument></Assign.Value>
  </Assign>
  <ui:LogMessage Level="Info" Message="[&quot;Cleared: &quot; + pwd]" />
  <ui:GetRobotCredential AssetName="ERP" Password="[secure]" />
  <ui:TypeSecureText SecureText="[secure]" />
  <ui:LogMessage Level="Info" Message="[&quot;Credential ERP used&quot;]" />
</Sequence>`,
      [],
    )
  })

  describeNothingInCorpus(rule, 'the shared corpus (no secret reaches a sink in it)', corpusFiles())
})
