import { describe, expect, it } from 'vitest'
import { corpusFiles, describeCorpusFindings, expectFindings, findingsOf } from '../rule-test-kit.js'
import { hardcodedCredentialRule as rule } from './fc-uip-hcd-001.js'

const id = 'FC-UIP-HCD-001'

describe(`${id} hardcoded-credential`, () => {
  it('reports secret-named variables and Assign targets given a literal (VB and C#)', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Login">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="strPassword" Default="Sup3rS3cret!" />
    <Variable x:TypeArguments="x:String" Name="apiKey" Default="[&quot;k-123456&quot;]" />
  </Sequence.Variables>
  <Assign DisplayName="Set token">
    <Assign.To>
      <OutArgument x:TypeArguments="x:String">[AuthToken]</OutArgument>
    </Assign.To>
    <Assign.Value>
      <InArgument x:TypeArguments="x:String">abc123def</InArgument>
    </Assign.Value>
  </Assign>
</Sequence>`,
      [
        {
          ruleId: id,
          line: 3,
          column: 61,
          activity: 'Login',
          message:
            'Hardcoded password in the default of variable "strPassword" (value masked, 12 characters).',
        },
        {
          ruleId: id,
          line: 4,
          activity: 'Login',
          message: 'Hardcoded key in the default of variable "apiKey" (value masked, 8 characters).',
        },
        {
          ruleId: id,
          line: 11,
          column: 7,
          activity: 'Set token',
          message: 'Hardcoded token assigned to "AuthToken" (value masked, 9 characters).',
        },
      ],
    )
  })

  it('reports literal NetworkCredential passwords, Password properties and Type Into password fields', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:TypeSecureText DisplayName="Type pwd" SecureText="[(New System.Net.NetworkCredential(&quot;&quot;, &quot;hunter22&quot;)).SecurePassword]" />
  <ui:TypeSecureText DisplayName="Type pwd C#" SecureText="[new NetworkCredential(user, &quot;hunter22&quot;).SecurePassword]" />
  <ui:ExcelApplicationScope DisplayName="Open book" Password="book-pass" WorkbookPath="[path]" />
  <ui:TypeInto DisplayName="Type Into 'Password'" Text="P@ssw0rd1">
    <ui:TypeInto.Target>
      <ui:Target Selector="&lt;webctrl id='pass' tag='INPUT' /&gt;" />
    </ui:TypeInto.Target>
  </ui:TypeInto>
  <ui:InvokeWorkflowFile DisplayName="Login" WorkflowFileName="Login.xaml">
    <ui:InvokeWorkflowFile.Arguments>
      <InArgument x:TypeArguments="x:String" x:Key="in_Password">letmein99</InArgument>
    </ui:InvokeWorkflowFile.Arguments>
  </ui:InvokeWorkflowFile>
</Sequence>`,
      [
        {
          ruleId: id,
          line: 2,
          message: 'NetworkCredential built with a literal password in the property SecureText.',
        },
        { ruleId: id, line: 3, activity: 'Type pwd C#' },
        {
          ruleId: id,
          line: 4,
          column: 53,
          message: 'Hardcoded password in the property Password (value masked, 9 characters).',
        },
        {
          ruleId: id,
          line: 5,
          message: 'Hardcoded password typed into a password field (value masked, 9 characters).',
        },
        {
          ruleId: id,
          line: 12,
          message: 'Hardcoded password in the Arguments "in_Password" (value masked, 9 characters).',
        },
      ],
    )
  })

  it('reports credential shapes anywhere: connection strings, URLs, headers, keys and tokens', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <Assign DisplayName="conn">
    <Assign.To><OutArgument x:TypeArguments="x:String">[conn]</OutArgument></Assign.To>
    <Assign.Value><InArgument x:TypeArguments="x:String">Server=db1;Database=app;User Id=sa;Password=Pa55word;</InArgument></Assign.Value>
  </Assign>
  <ui:HttpClient DisplayName="Call API" EndPoint="https://robot:s3cr3t@api.acme.io/v1" />
  <ui:HttpClient DisplayName="Call API 2">
    <ui:HttpClient.Headers>
      <InArgument x:TypeArguments="x:String" x:Key="Authorization">Bearer 0123456789abcdef</InArgument>
    </ui:HttpClient.Headers>
  </ui:HttpClient>
  <ui:LogMessage DisplayName="Leak" Message="[&quot;key AKIAIOSFODNN7EXAMPLE used&quot;]" />
  <ui:LogMessage DisplayName="Leak2" Message="[&quot;ghp_&quot; + &quot;x&quot;]" />
  <WriteLine Text="-----BEGIN RSA PRIVATE KEY-----" />
  <WriteLine Text="xoxb-1234567890-abcdefghij" />
  <WriteLine Text="eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U" />
</Sequence>`,
      [
        {
          ruleId: id,
          line: 4,
          message: 'Hardcoded password in a connection string in the property Value (value masked).',
        },
        {
          ruleId: id,
          line: 6,
          activity: 'Call API',
          message: 'Hardcoded password in a URL in the property EndPoint (value masked).',
        },
        {
          ruleId: id,
          line: 9,
          activity: 'Call API 2',
          message: 'Hardcoded Authorization header (value masked, 23 characters).',
        },
        {
          ruleId: id,
          line: 12,
          message: 'Hardcoded AWS access key id in the property Message (value masked).',
        },
        { ruleId: id, line: 14, message: 'Hardcoded private key block in the property Text (value masked).' },
        { ruleId: id, line: 15, message: 'Hardcoded Slack token in the property Text (value masked).' },
        { ruleId: id, line: 16, message: 'Hardcoded JSON Web Token in the property Text (value masked).' },
      ],
    )
  })

  it('accepts credentials read at run time, config lookups, placeholders and names', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Get credentials">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="PasswordAssetName" Default="SAP_Password" />
    <Variable x:TypeArguments="x:Int32" Name="TokenCount" Default="3" />
    <Variable x:TypeArguments="x:String" Name="strPassword" Default="" />
    <Variable x:TypeArguments="x:String" Name="tokenType" Default="Bearer" />
    <Variable x:TypeArguments="x:String" Name="pwd" Default="********" />
    <Variable x:TypeArguments="ss:SecureString" Name="SecurePassword" xmlns:ss="clr-namespace:System.Security;assembly=mscorlib" />
  </Sequence.Variables>
  <ui:GetRobotCredential DisplayName="Get credential" AssetName="[in_Config(&quot;CredentialAsset&quot;).ToString]" Password="[SecurePassword]" Username="[user]" />
  <Assign DisplayName="From config">
    <Assign.To><OutArgument x:TypeArguments="x:String">[strPassword]</OutArgument></Assign.To>
    <Assign.Value><InArgument x:TypeArguments="x:String">[in_Config(&quot;Password&quot;).ToString]</InArgument></Assign.Value>
  </Assign>
  <Assign DisplayName="Plain from secure">
    <Assign.To><OutArgument x:TypeArguments="x:String">[strPassword]</OutArgument></Assign.To>
    <Assign.Value><InArgument x:TypeArguments="x:String">[New System.Net.NetworkCredential(&quot;&quot;, SecurePassword).Password]</InArgument></Assign.Value>
  </Assign>
  <Assign DisplayName="Build conn">
    <Assign.To><OutArgument x:TypeArguments="x:String">[conn]</OutArgument></Assign.To>
    <Assign.Value><InArgument x:TypeArguments="x:String">["Server=db1;User Id=sa;Password=" + strPassword + ";"]</InArgument></Assign.Value>
  </Assign>
  <ui:TypeInto DisplayName="Type Into 'User name'" Text="robot01">
    <ui:TypeInto.Target><ui:Target Selector="&lt;webctrl id='user' /&gt;" /></ui:TypeInto.Target>
  </ui:TypeInto>
  <ui:ExcelApplicationScope DisplayName="Excel" Password="{x:Null}" WorkbookPath="Data\\Book.xlsx" />
  <ui:LogMessage DisplayName="Log" Message="Password reset requested." />
  <ui:LogMessage DisplayName="Log2" Message="[&quot;Authorization: Bearer &quot; + token.Length.ToString]" />
</Sequence>`,
      [],
    )
  })

  it('option secretNamePattern extends the names that hold secrets', () => {
    const snippet = `
<Sequence>
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="Kennwort" Default="geheim123" />
  </Sequence.Variables>
</Sequence>`
    expectFindings(rule, snippet, [])
    expectFindings(rule, snippet, [{ ruleId: id, line: 3 }], {
      options: { secretNamePattern: '(?:^|_)kennwort(?:_|$)' },
    })
  })

  it('never echoes the secret in a finding', () => {
    const findings = findingsOf(
      rule,
      '<Assign><Assign.To><OutArgument x:TypeArguments="x:String">[password]</OutArgument></Assign.To><Assign.Value><InArgument x:TypeArguments="x:String">TopSecretValue</InArgument></Assign.Value></Assign>',
    )
    expect(findings).toHaveLength(1)
    expect(JSON.stringify(findings)).not.toContain('TopSecretValue')
  })

  // The REFramework's GetAppCredentials.xaml is the right way to handle credentials; the one real hit
  // is the vendor-invoices project's Send SMTP Mail Message, which carries a Gmail app password as a
  // literal Password (Email/Password/Server all written in, no SecurePassword, no credential asset).
  describeCorpusFindings(
    rule,
    'corpus: only the literal SMTP password is reported',
    {
      'ahmed-ismail999-rpa-uipath--process-vendor-invoices/Process Vendor Invoices/Framework/Process.xaml': [
        534,
      ],
    },
    corpusFiles().filter((f) => !f.startsWith('flindersuni')),
  )
})
