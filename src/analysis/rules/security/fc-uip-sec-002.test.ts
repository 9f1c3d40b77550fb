import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings, readCorpusFile } from '../rule-test-kit.js'
import { secureStringToStringRule as rule } from './fc-uip-sec-002.js'

const id = 'FC-UIP-SEC-002'

describe(`${id} securestring-to-string`, () => {
  it('reports NetworkCredential(...).Password in VB and C#, and Marshal BSTR round trips', () => {
    expectFindings(
      rule,
      `
<Sequence xmlns:ss="clr-namespace:System.Security;assembly=mscorlib">
  <Sequence.Variables>
    <Variable x:TypeArguments="ss:SecureString" Name="securePassword" />
    <Variable x:TypeArguments="x:String" Name="plain" />
  </Sequence.Variables>
  <Assign DisplayName="Decrypt (VB)">
    <Assign.To>
      <OutArgument x:TypeArguments="x:String">[plain]</OutArgument>
    </Assign.To>
    <Assign.Value>
      <InArgument x:TypeArguments="x:String">[New System.Net.NetworkCredential(String.Empty, securePassword).Password]</InArgument>
    </Assign.Value>
  </Assign>
  <ui:LogMessage DisplayName="C# style" Message="[new NetworkCredential(string.Empty, GetSecret(&quot;x&quot;)).Password]" />
  <Assign DisplayName="Marshal">
    <Assign.To>
      <OutArgument x:TypeArguments="x:String">[plain]</OutArgument>
    </Assign.To>
    <Assign.Value>
      <InArgument x:TypeArguments="x:String">[System.Runtime.InteropServices.Marshal.PtrToStringBSTR(System.Runtime.InteropServices.Marshal.SecureStringToBSTR(securePassword))]</InArgument>
    </Assign.Value>
  </Assign>
</Sequence>`,
      [
        { ruleId: id, line: 11, activity: 'Decrypt (VB)' },
        { ruleId: id, line: 14, activity: 'C# style' },
        {
          ruleId: id,
          line: 20,
          activity: 'Marshal',
          message: '"Marshal.PtrToStringBSTR" turns a SecureString into clear text.',
        },
      ],
    )
  })

  it('reports ToString / CStr / Convert.ToString / CType on a SecureString variable or argument', () => {
    expectFindings(
      rule,
      `
<Sequence xmlns:ss="clr-namespace:System.Security;assembly=mscorlib">
  <Sequence.Variables>
    <Variable x:TypeArguments="ss:SecureString" Name="pwd" />
  </Sequence.Variables>
  <ui:LogMessage Message="[pwd.ToString]" />
  <ui:LogMessage Message="[CStr(pwd)]" />
  <ui:LogMessage Message="[Convert.ToString( pwd )]" />
  <ui:LogMessage Message="[CType(pwd, String)]" />
</Sequence>`,
      [
        { ruleId: id, line: 5, message: '"pwd.ToString" turns a SecureString into clear text.' },
        { ruleId: id, line: 6 },
        { ruleId: id, line: 7 },
        { ruleId: id, line: 8 },
      ],
    )
  })

  it('accepts the safe direction and near misses', () => {
    expectFindings(
      rule,
      `
<Sequence xmlns:ss="clr-namespace:System.Security;assembly=mscorlib">
  <Sequence.Variables>
    <Variable x:TypeArguments="ss:SecureString" Name="pwd" />
    <Variable x:TypeArguments="x:String" Name="userName" />
  </Sequence.Variables>
  <Assign DisplayName="String to SecureString is the right way">
    <Assign.To>
      <OutArgument x:TypeArguments="ss:SecureString">[pwd]</OutArgument>
    </Assign.To>
    <Assign.Value>
      <InArgument x:TypeArguments="ss:SecureString">[New System.Net.NetworkCredential("", "x").SecurePassword]</InArgument>
    </Assign.Value>
  </Assign>
  <ui:LogMessage DisplayName="Other variables may be ToString'ed" Message="[userName.ToString + pwd.Length.ToString]" />
  <ui:LogMessage DisplayName="Name only inside a longer identifier" Message="[pwdExpiry.ToString]" />
  <ui:LogMessage DisplayName="Text mentioning it" Message="[&quot;NetworkCredential.Password is not used&quot;]" />
</Sequence>`,
      [],
    )
  })

  it('option conversionPattern can add shapes', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:LogMessage Message="[MyLib.Reveal(x)]" />
</Sequence>`,
      [{ ruleId: id, line: 2 }],
      { options: { conversionPattern: String.raw`\bReveal\s*\(` } },
    )
  })

  // GetAppCredentials (2019) is the right way: SecureString arguments, never turned back into text.
  it('reports nothing in the REFramework credentials workflow', () => {
    const file = 'uipath-reframework-2019/Framework/GetAppCredentials.xaml'
    if (corpusFiles('uipath-reframework-2019').includes(file))
      expectFindings(rule, readCorpusFile(file), [], { document: true, fileName: file })
  })

  // Mirrors ST-SEC-009: the REFramework that passes UiPath's Workflow Analyzer must give nothing.
  describeNothingInCorpus(
    rule,
    'corpus: ReFramework_WorkflowAnalyzer (passes UiPath Workflow Analyzer)',
    corpusFiles('k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'),
  )
})
