import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings } from '../rule-test-kit.js'
import { secretWrittenToLogRule as rule } from './fc-uip-sec-003.js'

const id = 'FC-UIP-SEC-003'

describe(`${id} secret-written-to-log`, () => {
  it('reports Log Message, Write Line, Message Box and Add Log Fields that read a secret', () => {
    expectFindings(
      rule,
      `
<Sequence xmlns:ss="clr-namespace:System.Security;assembly=mscorlib">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="strPassword" />
    <Variable x:TypeArguments="ss:SecureString" Name="credential" />
    <Variable x:TypeArguments="x:String" Name="ApiToken" />
  </Sequence.Variables>
  <ui:LogMessage DisplayName="Log login" Level="Info" Message="[&quot;Logging in with &quot; + strPassword]" />
  <WriteLine Text="[credential.Length.ToString]" />
  <ui:MessageBox Caption="Debug" Text="[String.Format(&quot;token={0}&quot;, apitoken)]" />
</Sequence>`,
      [
        {
          ruleId: id,
          line: 7,
          column: 55,
          activity: 'Log login',
          message: 'ui:LogMessage Message reads "strPassword".',
        },
        { ruleId: id, line: 8, activity: 'WriteLine', message: 'WriteLine Text reads "credential".' },
        { ruleId: id, line: 9, activity: 'ui:MessageBox', message: 'ui:MessageBox Text reads "ApiToken".' },
      ],
    )
  })

  it('reports an input argument named like a password (C# interpolation holes are code)', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <x:Members>
    <x:Property Name="in_Pin" Type="InArgument(x:String)" />
  </x:Members>
  <ui:LogMessage Level="Trace">
    <ui:LogMessage.Message>
      <InArgument x:TypeArguments="x:Object">
        <mca:CSharpValue xmlns:mca="clr-namespace:Microsoft.CSharp.Activities;assembly=System.Activities" x:TypeArguments="x:Object">$"pin is {in_Pin}"</mca:CSharpValue>
      </InArgument>
    </ui:LogMessage.Message>
  </ui:LogMessage>
</Sequence>`,
      [{ ruleId: id, line: 8, message: 'ui:LogMessage Message reads "in_Pin".' }],
    )
  })

  it('accepts messages that only mention secrets in text, metadata names and non-secret types', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="PasswordAssetName" />
    <Variable x:TypeArguments="x:Boolean" Name="PasswordOk" />
    <Variable x:TypeArguments="x:Int32" Name="PassedTestsCounter" />
    <Variable x:TypeArguments="x:String" Name="userName" />
  </Sequence.Variables>
  <ui:LogMessage Level="Info" Message="[&quot;Password reset for &quot; + userName + &quot; using asset &quot; + PasswordAssetName]" />
  <ui:LogMessage Level="Info" Message="[&quot;Password accepted: &quot; + PasswordOk.ToString + &quot;, passed: &quot; + PassedTestsCounter.ToString]" />
  <ui:Comment Text="strPassword must never be logged" />
  <Assign DisplayName="Not a log">
    <Assign.To>
      <OutArgument x:TypeArguments="x:String">[userName]</OutArgument>
    </Assign.To>
    <Assign.Value>
      <InArgument x:TypeArguments="x:String">[PasswordAssetName]</InArgument>
    </Assign.Value>
  </Assign>
</Sequence>`,
      [],
    )
  })

  it('takes names as a hint: a "token" holding an endpoint URL is fine, a proven leak is FC-UIP-SEC-020\'s', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Default="https://login.example.com/oauth2/token" Name="token" />
    <Variable x:TypeArguments="x:String" Name="password" />
    <Variable x:TypeArguments="x:String" Name="in_Secret" />
  </Sequence.Variables>
  <ui:LogMessage Level="Info" Message="[&quot;Requesting a token from &quot; + token]" />
  <ui:RequestCredential Password="[password]" />
  <ui:LogMessage Level="Info" Message="[&quot;Using &quot; + password]" />
  <ui:LogMessage Level="Info" Message="[&quot;Secret: &quot; + in_Secret]" />
</Sequence>`,
      [{ ruleId: id, line: 10, message: 'ui:LogMessage Message reads "in_Secret".' }],
    )
  })

  it('option activityTypes narrows what counts as output', () => {
    const snippet = `
<Sequence>
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="secret" />
  </Sequence.Variables>
  <WriteLine Text="[secret]" />
  <ui:LogMessage Message="[secret]" />
</Sequence>`
    expectFindings(rule, snippet, [{ ruleId: id, line: 6 }], {
      options: { activityTypes: ['ui:LogMessage'] },
    })
  })

  // The REFramework logs asset names and user-facing text, never the credentials it fetches.
  describeNothingInCorpus(
    rule,
    'corpus: REFramework credential handling',
    [
      'uipath-reframework-2019/Framework/GetAppCredentials.xaml',
      ...corpusFiles('k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'),
    ].filter((name) => corpusFiles().includes(name)),
  )
})
