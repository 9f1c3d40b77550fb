import { describe, it } from 'vitest'
import { corpusFiles, expectFindings, readCorpusFile } from '../rule-test-kit.js'
import { credentialsFromCredentialStoreRule as rule } from './fc-uip-frw-004.js'

const id = 'FC-UIP-FRW-004'
const framework = { fileName: 'Framework/InitAllApplications.xaml' }

const REFRAMEWORK_PROJECTS = [
  'uipath-reframework-2019',
  'uipath-studiotemplates-reframework/pt0/VisualBasic',
  'uipath-studiotemplates-reframework/pt1/CSharp',
  'uipath-studiotemplates-reframework/pt2/VisualBasic',
  'uipath-studiotemplates-reframework/pt3/CSharp',
  'k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer',
]

describe(`${id} credentials-from-credential-store`, () => {
  it('reports literal passwords and secure texts', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Login">
  <ui:TypeSecureText DisplayName="Type password" SecureText="hunter2" />
  <ui:AddCredential DisplayName="Store" Password="hunter2" Target="App" Username="robot" />
</Sequence>`,
      [
        {
          ruleId: id,
          line: 2,
          column: 50,
          activity: 'Type password',
          message: 'SecureText is a hardcoded literal.',
        },
        { ruleId: id, line: 3, activity: 'Store', message: 'Password is a hardcoded literal.' },
      ],
      framework,
    )
  })

  it('reports credentials built from string literals or read from Config', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Login">
  <ui:TypeSecureText DisplayName="Type password" SecureText="[New System.Net.NetworkCredential(&quot;&quot;, &quot;hunter2&quot;).SecurePassword]" />
  <ui:TypeSecureText DisplayName="Type PIN" SecureText="[New NetworkCredential(&quot;&quot;, in_Config(&quot;AppPin&quot;).ToString).SecurePassword]" />
  <ui:TypeInto DisplayName="Type pwd" Text="x" SecureText="[&quot;hunter2&quot;]" />
  <Assign DisplayName="Make credential">
    <Assign.To><OutArgument x:TypeArguments="x:Object">[credential]</OutArgument></Assign.To>
    <Assign.Value><InArgument x:TypeArguments="x:Object">[new NetworkCredential(userName, "hunter2")]</InArgument></Assign.Value>
  </Assign>
</Sequence>`,
      [
        {
          ruleId: id,
          line: 2,
          activity: 'Type password',
          message: 'A NetworkCredential is built from a hardcoded password.',
        },
        {
          ruleId: id,
          line: 3,
          activity: 'Type PIN',
          message: 'The password is read from the Config dictionary instead of a credential asset.',
        },
        { ruleId: id, line: 4, activity: 'Type pwd', message: 'SecureText is a hardcoded string.' },
        { ruleId: id, line: 7, activity: 'Make credential' },
      ],
      framework,
    )
  })

  it('accepts credentials from Get Robot Credential / Get Secure Credential and the asset name from Config', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Login">
  <ui:GetRobotCredential AssetName="[in_Config(&quot;CredentialAssetName&quot;).ToString]" Password="[password]" Username="[userName]" />
  <ui:GetSecureCredential Target="[in_Config(&quot;Credential&quot;).ToString]" Password="[password]" Username="[userName]" />
  <ui:TypeSecureText DisplayName="Type password" SecureText="[password]" />
  <ui:TypeSecureText SecureText="[in_Password]" />
  <ui:TypeSecureText SecureText="{x:Null}" />
  <ui:TypeInto Text="[in_Config(&quot;UserName&quot;).ToString]" />
  <Assign>
    <Assign.To><OutArgument x:TypeArguments="x:Object">[credential]</OutArgument></Assign.To>
    <Assign.Value><InArgument x:TypeArguments="x:Object">[New NetworkCredential(&quot;&quot;, plainPassword)]</InArgument></Assign.Value>
  </Assign>
  <ui:LogMessage Level="Info" Message="[&quot;Password for &quot; + in_Config(&quot;System1&quot;).ToString]" />
</Sequence>`,
      [],
      framework,
    )
  })

  it('applies to Main.xaml and Framework/*.xaml only', () => {
    const bad = '<ui:TypeSecureText SecureText="hunter2" />'
    expectFindings(rule, bad, [{ ruleId: id, line: 1 }], { fileName: 'Framework/GetAppCredentials.xaml' })
    expectFindings(rule, bad, [], { fileName: 'Process.xaml' })
    // A lone Main.xaml that is not the REFramework state machine is not judged by framework rules.
    expectFindings(rule, bad, [], { fileName: 'Main.xaml' })
    expectFindings(
      rule,
      `
<StateMachine DisplayName="Main" InitialState="{x:Reference __ReferenceID0}">
  <State x:Name="__ReferenceID0" DisplayName="Process Transaction">
    <State.Entry>
      <ui:TypeSecureText SecureText="hunter2" />
    </State.Entry>
  </State>
</StateMachine>`,
      [{ ruleId: id, line: 4 }],
      { fileName: 'Main.xaml' },
    )
    expectFindings(rule, bad, [], { fileName: 'Tests/LoginTest.xaml' })
  })

  it('options credentialProperties and credentialSourceActivities', () => {
    expectFindings(rule, '<ui:Login Pin="1234" />', [{ ruleId: id, line: 1 }], {
      ...framework,
      options: { credentialProperties: ['Pin'] },
    })
    expectFindings(rule, '<ui:MyVault Password="[&quot;x&quot;]" />', [], {
      ...framework,
      options: { credentialSourceActivities: ['MyVault'] },
    })
  })

  describe.skipIf(corpusFiles().length === 0)('corpus', () => {
    for (const project of REFRAMEWORK_PROJECTS) {
      for (const file of corpusFiles(project)) {
        const relativePath = file.slice(project.length + 1)
        it(`accepts the REFramework ${file}`, () => {
          expectFindings(rule, readCorpusFile(file), [], { document: true, fileName: file, relativePath })
        })
      }
    }
  })
})
