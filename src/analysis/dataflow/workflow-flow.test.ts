import { describe, expect, it } from 'vitest'
import { wrapWorkflow } from '../rules/rule-test-kit.js'
import { parseXaml } from '../xaml/parse-xaml.js'
import { analyzeWorkflowFlow } from './workflow-flow.js'

/** The hits of a snippet as `kind line: step lines`, for compact assertions. */
function hitsOf(snippet: string) {
  const model = parseXaml(wrapWorkflow(snippet), 'Test.xaml')
  return analyzeWorkflowFlow({ model, path: 'Test.xaml' }).hits.map(
    (hit) =>
      `${hit.sink.kind} ${hit.line}: ${hit.taint.steps.map((s) => `${s.line} ${s.label}`).join(' > ')}`,
  )
}

describe('data flow inside a workflow', () => {
  it('follows SecureString → neutral-named String → Log Message', () => {
    expect(
      hitsOf(`
<Sequence DisplayName="Main" xmlns:ss="clr-namespace:System.Security;assembly=mscorlib">
  <Sequence.Variables>
    <Variable x:TypeArguments="ss:SecureString" Name="cred" />
    <Variable x:TypeArguments="x:String" Name="value" />
    <Variable x:TypeArguments="x:String" Name="message" />
  </Sequence.Variables>
  <ui:GetRobotCredential AssetName="SAP" DisplayName="Get Credential" Password="[cred]" Username="[user]" />
  <Assign DisplayName="Unwrap">
    <Assign.To><OutArgument x:TypeArguments="x:String">[value]</OutArgument></Assign.To>
    <Assign.Value><InArgument x:TypeArguments="x:String">[New System.Net.NetworkCredential("", cred).Password]</InArgument></Assign.Value>
  </Assign>
  <Assign DisplayName="Build">
    <Assign.To><OutArgument x:TypeArguments="x:String">[message]</OutArgument></Assign.To>
    <Assign.Value><InArgument x:TypeArguments="x:String">["Logged in with " + value]</InArgument></Assign.Value>
  </Assign>
  <ui:LogMessage DisplayName="Log" Level="Info" Message="[message]" />
</Sequence>`),
    ).toEqual(['leak 17: 7 > 10 > 11 > 14 > 15 > 17'])
  })
})
