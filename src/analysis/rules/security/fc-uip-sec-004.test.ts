import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings, readCorpusFile } from '../rule-test-kit.js'
import { credentialInStringRule as rule } from './fc-uip-sec-004.js'

const id = 'FC-UIP-SEC-004'

describe(`${id} credential-in-string`, () => {
  it('reports String variables and arguments named like credentials', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Login">
  <x:Members>
    <x:Property Name="in_DBPassword" Type="InArgument(x:String)" />
    <x:Property Name="out_ApiKey" Type="OutArgument(x:String)" />
  </x:Members>
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="strPwd" />
    <Variable x:TypeArguments="x:String" Name="ClientSecret" />
    <Variable x:TypeArguments="x:String" Name="PIN" />
  </Sequence.Variables>
</Sequence>`,
      [
        {
          ruleId: id,
          line: 3,
          activity: 'in_DBPassword',
          message: 'Argument "in_DBPassword" (In) is a String; a credential belongs in a SecureString.',
        },
        { ruleId: id, line: 4, activity: 'out_ApiKey' },
        {
          ruleId: id,
          line: 7,
          column: 5,
          activity: 'Variable',
          message: 'Variable "strPwd" is a String; a credential belongs in a SecureString.',
        },
        { ruleId: id, line: 8, column: 5 },
        { ruleId: id, line: 9, column: 5 },
      ],
    )
  })

  it('accepts SecureStrings, non-String types, metadata names and look-alike words', () => {
    expectFindings(
      rule,
      `
<Sequence xmlns:ss="clr-namespace:System.Security;assembly=mscorlib">
  <x:Members>
    <x:Property Name="out_Password" Type="OutArgument(ss:SecureString)" />
    <x:Property Name="in_Credential" Type="InArgument(x:String)" />
  </x:Members>
  <Sequence.Variables>
    <Variable x:TypeArguments="ss:SecureString" Name="securePassword" />
    <Variable x:TypeArguments="x:String" Name="PasswordAssetName" />
    <Variable x:TypeArguments="x:String" Name="TokenExpiry" />
    <Variable x:TypeArguments="x:Boolean" Name="IsPasswordValid" />
    <Variable x:TypeArguments="x:Int32" Name="PassedTestsCounter" />
    <Variable x:TypeArguments="x:String" Name="ShippingAddress" />
    <Variable x:TypeArguments="x:String" Name="Mapping" />
    <Variable x:TypeArguments="x:String" Name="" />
  </Sequence.Variables>
</Sequence>`,
      [],
    )
  })

  it('exempts a String variable bound to a String-only Password property (Request / Add Credential)', () => {
    const snippet = `
<Sequence>
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="StringPassword" />
  </Sequence.Variables>
  <ui:RequestCredential Password="[StringPassword]" Title="Robot" />
</Sequence>`
    expectFindings(rule, snippet, [])
    expectFindings(rule, snippet, [{ ruleId: id, line: 3 }], { options: { stringOnlyActivities: [] } })
  })

  it('takes the name as a hint: a "token" that only holds an OAuth endpoint URL is not reported', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Get access token">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Default="https://login.microsoftonline.com/common/oauth2/v2.0/token" Name="token" />
    <Variable x:TypeArguments="x:String" Name="refreshToken" />
    <Variable x:TypeArguments="x:String" Name="accessToken" />
    <Variable x:TypeArguments="x:String" Name="userPassword" />
  </Sequence.Variables>
  <Assign>
    <Assign.To><OutArgument x:TypeArguments="x:String">[refreshToken]</OutArgument></Assign.To>
    <Assign.Value><InArgument x:TypeArguments="x:String">[in_Config("RefreshTokenEndpoint").ToString]</InArgument></Assign.Value>
  </Assign>
  <ui:HttpClient EndPoint="[token]" Method="POST" Result="[response]" />
  <Assign>
    <Assign.To><OutArgument x:TypeArguments="x:String">[accessToken]</OutArgument></Assign.To>
    <Assign.Value><InArgument x:TypeArguments="x:String">[JObject.Parse(response)("access_token").ToString]</InArgument></Assign.Value>
  </Assign>
  <Assign>
    <Assign.To><OutArgument x:TypeArguments="x:String">[userPassword]</OutArgument></Assign.To>
    <Assign.Value><InArgument x:TypeArguments="x:String">["https://intranet.example.com/reset"]</InArgument></Assign.Value>
  </Assign>
  <ui:RequestCredential Password="[userPassword]" />
</Sequence>`,
      [
        // accessToken holds what the token endpoint answered: a real token in a String.
        {
          ruleId: id,
          line: 5,
          activity: 'Variable',
          message: 'Variable "accessToken" is a String; a credential belongs in a SecureString.',
        },
        // userPassword gets a URL first, then a password: the URL does not clear the name.
        { ruleId: id, line: 6 },
      ],
      { options: { stringOnlyActivities: [] } },
    )
  })

  it('option secretWords changes the vocabulary', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="Kennwort" />
    <Variable x:TypeArguments="x:String" Name="Password" />
  </Sequence.Variables>
</Sequence>`,
      [{ ruleId: id, line: 3 }],
      { options: { secretWords: ['kennwort'] } },
    )
  })

  // REFramework 2019: StringPassword (line 75) is exempt (RequestCredential/AddCredential only take a
  // String), in_Credential is an asset name, out_Password is a SecureString.
  it('reports nothing in the REFramework 2019 GetAppCredentials.xaml', () => {
    const file = 'uipath-reframework-2019/Framework/GetAppCredentials.xaml'
    if (!corpusFiles('uipath-reframework-2019').includes(file)) return
    expectFindings(rule, readCorpusFile(file), [], { document: true, fileName: file })
    expectFindings(rule, readCorpusFile(file), [{ ruleId: id, line: 75, activity: 'Variable' }], {
      document: true,
      fileName: file,
      options: { stringOnlyActivities: [] },
    })
  })

  // Mirrors ST-SEC-007/008: the REFramework that passes UiPath's Workflow Analyzer must give nothing.
  describeNothingInCorpus(
    rule,
    'corpus: ReFramework_WorkflowAnalyzer (passes UiPath Workflow Analyzer)',
    corpusFiles('k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'),
  )
})
