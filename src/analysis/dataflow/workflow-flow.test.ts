import { describe, expect, it } from 'vitest'
import { wrapWorkflow } from '../rules/rule-test-kit.js'
import { parseXaml } from '../xaml/parse-xaml.js'
import { analyzeWorkflowFlow, MAX_FLOW_STEPS } from './workflow-flow.js'

const SECURITY_NS = 'xmlns:ss="clr-namespace:System.Security;assembly=mscorlib"'

function flowOf(snippet: string) {
  const model = parseXaml(wrapWorkflow(snippet), 'Test.xaml')
  return analyzeWorkflowFlow({ model, path: 'Test.xaml' })
}

/** The hits as `<sink kind> <line>: <step line> <step label> > …`, for exact assertions. */
function hitsOf(snippet: string): string[] {
  return flowOf(snippet).hits.map(
    (hit) =>
      `${hit.sink.kind} ${hit.line}: ${hit.taint.steps.map((s) => `${s.line} ${s.label}`).join(' > ')}`,
  )
}

/** Only `<sink kind> <line>` of each hit. */
function sinksOf(snippet: string): string[] {
  return flowOf(snippet).hits.map((hit) => `${hit.sink.kind} ${hit.line}`)
}

const assign = (to: string, value: string, name = 'Assign') => `<Assign DisplayName="${name}">
    <Assign.To><OutArgument x:TypeArguments="x:String">[${to}]</OutArgument></Assign.To>
    <Assign.Value><InArgument x:TypeArguments="x:String">[${value}]</InArgument></Assign.Value>
  </Assign>`

describe('data flow inside a workflow', () => {
  it('follows SecureString → neutral-named String → Log Message, naming every step', () => {
    expect(
      hitsOf(`
<Sequence DisplayName="Main" ${SECURITY_NS}>
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
    ).toEqual([
      'leak 16: 7 Get Credential Password (credential password) > 7 cred (Get Credential) > 10 converted to clear text (NetworkCredential("", cred).Password) > 9 value (Unwrap) > 13 message (Build) > 16 Log Message',
    ])
  })

  it('does not report a SecureString that is never converted (logging it prints its type name)', () => {
    expect(
      sinksOf(`
<Sequence DisplayName="Main" ${SECURITY_NS}>
  <Sequence.Variables>
    <Variable x:TypeArguments="ss:SecureString" Name="cred" />
  </Sequence.Variables>
  <ui:GetRobotCredential AssetName="SAP" Password="[cred]" />
  <ui:LogMessage Level="Info" Message="[&quot;Password: &quot; + cred.ToString]" />
  <ui:TypeSecureText SecureText="[cred]" />
</Sequence>`),
    ).toEqual([])
  })

  it('follows a → b → Write Line, through Multiple Assign, from a String credential', () => {
    expect(
      sinksOf(`
<Sequence DisplayName="Main">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="a" />
    <Variable x:TypeArguments="x:String" Name="b" />
  </Sequence.Variables>
  <ui:RequestCredential Password="[a]" Username="[user]" />
  <ui:MultipleAssign DisplayName="Copy">
    <ui:MultipleAssign.AssignOperations>
      <scg:List x:TypeArguments="ui:AssignOperation" Capacity="4">
        <ui:AssignOperation>
          <ui:AssignOperation.To><OutArgument x:TypeArguments="x:String">[b]</OutArgument></ui:AssignOperation.To>
          <ui:AssignOperation.Value><InArgument x:TypeArguments="x:String">[a.Trim()]</InArgument></ui:AssignOperation.Value>
        </ui:AssignOperation>
      </scg:List>
    </ui:MultipleAssign.AssignOperations>
  </ui:MultipleAssign>
  <WriteLine Text="[b]" />
</Sequence>`),
    ).toEqual(['leak 17'])
  })

  it('follows queue item → a → b → Start Process, and the For Each item', () => {
    expect(
      hitsOf(`
<Sequence DisplayName="Main">
  <Sequence.Variables>
    <Variable x:TypeArguments="ui:QueueItem" Name="item" />
    <Variable x:TypeArguments="x:String" Name="a" />
    <Variable x:TypeArguments="x:String" Name="b" />
  </Sequence.Variables>
  <ui:GetQueueItem DisplayName="Get Transaction" QueueType="Orders" TransactionItem="[item]" />
  ${assign('a', 'item.Reference', 'Take reference')}
  ${assign('b', '"/c copy " + a', 'Build command')}
  <ui:StartProcess DisplayName="Run" FileName="cmd.exe" Arguments="[b]" />
</Sequence>`),
    ).toEqual([
      'code 16: 7 Get Transaction TransactionItem (queue item) > 7 item (Get Transaction) > 9 a (Take reference) > 13 b (Build command) > 16 Run Arguments',
    ])
    // A file whose path is computed is outside input; its lines reach the For Each item.
    expect(
      sinksOf(`
<Sequence DisplayName="Main">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="text" />
    <Variable x:TypeArguments="scg:List(x:String)" Name="lines" />
  </Sequence.Variables>
  <ui:ReadTextFile FileName="[in_Folder + &quot;commands.txt&quot;]" Content="[text]" />
  ${assign('lines', 'text.Split(","c).ToList')}
  <ui:ForEach x:TypeArguments="x:String" DisplayName="For each line" Values="[lines]">
    <ui:ForEach.Body>
      <ActivityAction x:TypeArguments="x:String">
        <ActivityAction.Argument><DelegateInArgument x:TypeArguments="x:String" Name="line" /></ActivityAction.Argument>
        <ui:InvokePowerShell x:TypeArguments="x:Object" CommandText="[line]" />
      </ActivityAction>
    </ui:ForEach.Body>
  </ui:ForEach>
</Sequence>`),
    ).toEqual(['code 15'])
    // A script the project ships (a literal path) is part of the automation, not input.
    expect(
      sinksOf(`
<Sequence DisplayName="Main">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="script" />
  </Sequence.Variables>
  <ui:ReadTextFile FileName="PrintToPDF.ps1" Content="[script]" />
  <ui:InvokePowerShell x:TypeArguments="x:Object" CommandText="[script]" IsScript="True" />
</Sequence>`),
    ).toEqual([])
  })

  it('takes queue item content (SpecificContent) as untrusted wherever it is read, into SQL text', () => {
    expect(
      sinksOf(`
<Sequence DisplayName="Main">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="customer" />
  </Sequence.Variables>
  ${assign('customer', 'in_TransactionItem.SpecificContent("Customer").ToString')}
  <ui:ExecuteQuery CommandType="Text" DisplayName="Query" Sql="[&quot;SELECT * FROM Orders WHERE Customer = '&quot; + customer + &quot;'&quot;]" />
  <ui:ExecuteNonQuery CommandType="Text" DisplayName="Parameterised" Sql="DELETE FROM Orders WHERE Customer = @c" />
</Sequence>`),
    ).toEqual(['sql 9'])
  })

  it('puts a secret into an e-mail body, a Data Service entity field and an HTTP request', () => {
    expect(
      sinksOf(`
<Sequence DisplayName="Main" ${SECURITY_NS}>
  <Sequence.Variables>
    <Variable x:TypeArguments="ss:SecureString" Name="secure" />
    <Variable x:TypeArguments="x:String" Name="plain" />
  </Sequence.Variables>
  <ui:GetSecureCredential Password="[secure]" Target="App" />
  ${assign('plain', 'new System.Net.NetworkCredential(string.Empty, secure).Password')}
  <ui:SendOutlookMail Body="[&quot;Your password is &quot; + plain]" Subject="Welcome" To="[recipient]" />
  <CreateEntityRecord DisplayName="Store user">
    <CreateEntityRecord.InputRecord><InArgument x:TypeArguments="x:Object">[New With {.Password = plain}]</InArgument></CreateEntityRecord.InputRecord>
  </CreateEntityRecord>
  <ui:HttpClient EndPoint="https://api.example.com/login" Method="POST" Body="[&quot;{&quot;&quot;pwd&quot;&quot;:&quot;&quot;&quot; + plain + &quot;&quot;&quot;}&quot;]">
    <ui:HttpClient.Headers>
      <InArgument x:TypeArguments="x:String" x:Key="Authorization">["Basic " + plain]</InArgument>
    </ui:HttpClient.Headers>
  </ui:HttpClient>
</Sequence>`),
    ).toEqual(['leak 11', 'leak 13', 'leak 15', 'leak 17'])
  })

  it('types a secret into a field only when the field is not a password field', () => {
    expect(
      sinksOf(`
<Sequence DisplayName="Main">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="pwd" />
  </Sequence.Variables>
  <ui:RequestCredential Password="[pwd]" />
  <ui:TypeInto DisplayName="Type password" Text="[pwd]">
    <ui:TypeInto.Target><ui:Target Selector="&lt;webctrl id='password' tag='INPUT' /&gt;" /></ui:TypeInto.Target>
  </ui:TypeInto>
  <ui:TypeInto DisplayName="Type into search" Text="[pwd]">
    <ui:TypeInto.Target><ui:Target Selector="&lt;webctrl id='search' tag='INPUT' /&gt;" /></ui:TypeInto.Target>
  </ui:TypeInto>
</Sequence>`),
    ).toEqual(['leak 9'])
  })

  it('clears a taint when a plain variable is reassigned from a clean value, on the paths after it', () => {
    expect(
      sinksOf(`
<Sequence DisplayName="Main">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="pwd" />
  </Sequence.Variables>
  <ui:RequestCredential Password="[pwd]" />
  <WriteLine Text="[pwd]" />
  ${assign('pwd', '"(hidden)"')}
  <WriteLine Text="[pwd]" />
</Sequence>`),
    ).toEqual(['leak 6'])
  })

  it('keeps a taint when only part of a variable is reassigned, or a branch may skip the reassignment', () => {
    expect(
      sinksOf(`
<Sequence DisplayName="Main">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="pwd" />
    <Variable x:TypeArguments="scg:Dictionary(x:String, x:Object)" Name="data" />
  </Sequence.Variables>
  <ui:RequestCredential Password="[pwd]" />
  ${assign('data("secret")', 'pwd')}
  ${assign('data("other")', '"x"')}
  <If Condition="[data.Count > 1]">
    <If.Then>
      ${assign('pwd', '""')}
    </If.Then>
  </If>
  <ui:LogMessage Level="Info" Message="[data(&quot;other&quot;).ToString]" />
  <ui:LogMessage Level="Info" Message="[pwd]" />
</Sequence>`),
    ).toEqual(['leak 23', 'leak 24'])
  })

  it('joins If branches: a taint from either branch reaches the sink after it', () => {
    expect(
      sinksOf(`
<Sequence DisplayName="Main">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="text" />
    <Variable x:TypeArguments="x:String" Name="pwd" />
  </Sequence.Variables>
  <ui:RequestCredential Password="[pwd]" />
  <If Condition="[Now.Hour > 12]">
    <If.Then>
      ${assign('text', '"afternoon"')}
    </If.Then>
    <If.Else>
      ${assign('text', '"morning " + pwd')}
    </If.Else>
  </If>
  <ui:MessageBox Text="[text]" />
</Sequence>`),
    ).toEqual(['leak 21'])
  })

  it('reaches a fixpoint in loops: a value tainted late in the body reaches a sink earlier in it', () => {
    expect(
      sinksOf(`
<Sequence DisplayName="Main">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="previous" />
    <Variable x:TypeArguments="x:String" Name="current" />
    <Variable x:TypeArguments="x:String" Name="pwd" />
  </Sequence.Variables>
  <ui:RequestCredential Password="[pwd]" />
  <While Condition="[previous Is Nothing]">
    <Sequence>
      <ui:LogMessage Level="Info" Message="[previous]" />
      ${assign('previous', 'current')}
      ${assign('current', 'pwd')}
    </Sequence>
  </While>
</Sequence>`),
    ).toEqual(['leak 10'])
  })

  it('treats a Flowchart flow-insensitively (any node may run after any other)', () => {
    expect(
      sinksOf(`
<Flowchart DisplayName="Main">
  <Flowchart.Variables>
    <Variable x:TypeArguments="x:String" Name="pwd" />
  </Flowchart.Variables>
  <Flowchart.StartNode><x:Reference>__ReferenceID0</x:Reference></Flowchart.StartNode>
  <FlowStep x:Name="__ReferenceID1">
    <ui:LogMessage Level="Info" Message="[pwd]" />
  </FlowStep>
  <FlowStep x:Name="__ReferenceID0">
    <ui:RequestCredential Password="[pwd]" />
    <FlowStep.Next><x:Reference>__ReferenceID1</x:Reference></FlowStep.Next>
  </FlowStep>
</Flowchart>`),
    ).toEqual(['leak 7'])
  })

  it('starts a Catch from every state its Try went through (a taint cleared later in the Try still reaches it)', () => {
    expect(
      sinksOf(`
<Sequence DisplayName="Main">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="pwd" />
    <Variable x:TypeArguments="x:String" Name="other" />
  </Sequence.Variables>
  <TryCatch DisplayName="Try login">
    <TryCatch.Try>
      <Sequence>
        <ui:RequestCredential Password="[pwd]" />
        ${assign('pwd', '""')}
      </Sequence>
    </TryCatch.Try>
    <TryCatch.Catches>
      <Catch x:TypeArguments="s:Exception">
        <ActivityAction x:TypeArguments="s:Exception">
          <ActivityAction.Argument><DelegateInArgument x:TypeArguments="s:Exception" Name="exception" /></ActivityAction.Argument>
          <ui:LogMessage Level="Error" Message="[exception.Message + pwd]" />
        </ActivityAction>
      </Catch>
    </TryCatch.Catches>
    <TryCatch.Finally>
      <WriteLine Text="[other + pwd]" />
    </TryCatch.Finally>
  </TryCatch>
  <WriteLine Text="[pwd]" />
</Sequence>`),
    ).toEqual([
      'leak 20', // the Catch may start right after Request Credential
      'leak 25', // so may the Finally
      'leak 28', // and after a Catch that does not clear it, the workflow goes on with it
    ])
  })

  it('scopes variables: the same name in two sequences is two variables', () => {
    expect(
      sinksOf(`
<Sequence DisplayName="Main">
  <Sequence DisplayName="Login">
    <Sequence.Variables>
      <Variable x:TypeArguments="x:String" Name="value" />
    </Sequence.Variables>
    <ui:RequestCredential Password="[value]" />
  </Sequence>
  <Sequence DisplayName="Report">
    <Sequence.Variables>
      <Variable x:TypeArguments="x:String" Name="value" />
    </Sequence.Variables>
    <ui:LogMessage Level="Info" Message="[value]" />
  </Sequence>
</Sequence>`),
    ).toEqual([])
  })

  it('ignores uses that cannot carry the value (length, emptiness tests, numbers, Booleans)', () => {
    expect(
      sinksOf(`
<Sequence DisplayName="Main">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="pwd" />
    <Variable x:TypeArguments="x:Boolean" Name="ok" />
  </Sequence.Variables>
  <ui:RequestCredential Password="[pwd]" />
  <ui:LogMessage Level="Info" Message="[&quot;Password length: &quot; + pwd.Length.ToString]" />
  <ui:LogMessage Level="Info" Message="[&quot;Empty: &quot; + String.IsNullOrEmpty(pwd).ToString]" />
  ${assign('ok', 'pwd = "x"')}
  <ui:LogMessage Level="Info" Message="[ok.ToString]" />
  <ui:LogMessage Level="Info" Message="[&quot;password reset done&quot;]" />
</Sequence>`),
    ).toEqual([])
  })

  it('reads C# expressions (element form) like VB ones', () => {
    expect(
      sinksOf(`
<Sequence DisplayName="Main" ${SECURITY_NS}>
  <Sequence.Variables>
    <Variable x:TypeArguments="ss:SecureString" Name="secure" />
    <Variable x:TypeArguments="x:String" Name="clear" />
  </Sequence.Variables>
  <ui:GetRobotCredential AssetName="Mail">
    <ui:GetRobotCredential.Password>
      <OutArgument x:TypeArguments="ss:SecureString"><mca:CSharpReference x:TypeArguments="ss:SecureString">secure</mca:CSharpReference></OutArgument>
    </ui:GetRobotCredential.Password>
  </ui:GetRobotCredential>
  <Assign>
    <Assign.To><OutArgument x:TypeArguments="x:String"><mca:CSharpReference x:TypeArguments="x:String">clear</mca:CSharpReference></OutArgument></Assign.To>
    <Assign.Value><InArgument x:TypeArguments="x:String"><mca:CSharpValue x:TypeArguments="x:String">new System.Net.NetworkCredential(string.Empty, secure).Password</mca:CSharpValue></InArgument></Assign.Value>
  </Assign>
  <ui:LogMessage Level="Info">
    <ui:LogMessage.Message>
      <InArgument x:TypeArguments="x:Object"><mca:CSharpValue x:TypeArguments="x:Object">$"Using {clear}"</mca:CSharpValue></InArgument>
    </ui:LogMessage.Message>
  </ui:LogMessage>
</Sequence>`),
    ).toEqual(['leak 17'])
  })

  it('takes settings keyed like a password and literal credentials as secrets', () => {
    expect(
      sinksOf(`
<Sequence DisplayName="Main">
  <x:Members>
    <x:Property Name="in_Config" Type="InArgument(scg:Dictionary(x:String, x:Object))" />
  </x:Members>
  <ui:LogMessage Level="Info" Message="[in_Config(&quot;SAP_Password&quot;).ToString]" />
  <ui:LogMessage Level="Info" Message="[in_Config(&quot;SAP_PasswordAssetName&quot;).ToString]" />
  <ui:AppendLine FileName="log.txt" Text="[&quot;Authorization: Bearer ghp_0123456789abcdefghijklmnopqrstuvwxyzAB&quot;]" />
</Sequence>`),
    ).toEqual(['leak 5', 'leak 7'])
  })

  it('reports Out arguments still tainted when the workflow ends, and what it passes to invoked workflows', () => {
    const flow = flowOf(`
<Sequence DisplayName="Main">
  <x:Members>
    <x:Property Name="out_Password" Type="OutArgument(x:String)" />
  </x:Members>
  <ui:RequestCredential Password="[out_Password]" />
  <ui:InvokeWorkflowFile WorkflowFileName="Login.xaml">
    <ui:InvokeWorkflowFile.Arguments>
      <InArgument x:TypeArguments="x:String" x:Key="in_Password">[out_Password]</InArgument>
    </ui:InvokeWorkflowFile.Arguments>
  </ui:InvokeWorkflowFile>
</Sequence>`)
    expect([...flow.outputs.keys()]).toEqual(['out_password'])
    expect(flow.passed.map((entry) => `${entry.argument}: ${entry.taints.map((t) => t.kind)}`)).toEqual([
      'in_Password: secret',
    ])
  })

  it('pairs each Multiple Assign operation with its own value, and reads VisualBasicValue/Reference ExpressionText', () => {
    expect(
      sinksOf(`
<Sequence DisplayName="Main" xmlns:mva="clr-namespace:Microsoft.VisualBasic.Activities;assembly=System.Activities">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="pwd" />
    <Variable x:TypeArguments="x:String" Name="a" />
    <Variable x:TypeArguments="x:String" Name="b" />
  </Sequence.Variables>
  <ui:RequestCredential Password="[pwd]" />
  <ui:MultipleAssign>
    <ui:MultipleAssign.AssignOperations>
      <scg:List x:TypeArguments="ui:AssignOperation" Capacity="4">
        <ui:AssignOperation>
          <ui:AssignOperation.To><OutArgument x:TypeArguments="x:String">[b]</OutArgument></ui:AssignOperation.To>
          <ui:AssignOperation.Value><InArgument x:TypeArguments="x:String">constant</InArgument></ui:AssignOperation.Value>
        </ui:AssignOperation>
        <ui:AssignOperation>
          <ui:AssignOperation.To><OutArgument x:TypeArguments="x:String"><mva:VisualBasicReference x:TypeArguments="x:String" ExpressionText="a" /></OutArgument></ui:AssignOperation.To>
          <ui:AssignOperation.Value><InArgument x:TypeArguments="x:String"><mva:VisualBasicValue x:TypeArguments="x:String" ExpressionText="pwd" /></InArgument></ui:AssignOperation.Value>
        </ui:AssignOperation>
      </scg:List>
    </ui:MultipleAssign.AssignOperations>
  </ui:MultipleAssign>
  <WriteLine Text="[b]" />
  <WriteLine Text="[a]" />
</Sequence>`),
    ).toEqual(['leak 23'])
  })

  it('keeps paths bounded', () => {
    const names = Array.from({ length: 30 }, (_, i) => `v${i}`)
    const snippet = `
<Sequence DisplayName="Main">
  <Sequence.Variables>
${names.map((name) => `    <Variable x:TypeArguments="x:String" Name="${name}" />`).join('\n')}
  </Sequence.Variables>
  <ui:RequestCredential Password="[v0]" />
  ${names
    .slice(1)
    .map((name, i) => assign(name, `v${i}`))
    .join('\n  ')}
  <WriteLine Text="[v29]" />
</Sequence>`
    const [hit] = flowOf(snippet).hits
    expect(hit?.taint.steps.length).toBe(MAX_FLOW_STEPS)
    expect(hit?.taint.steps.at(-1)?.label).toBe('WriteLine Text')
  })
})
