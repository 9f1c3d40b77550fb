import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings } from '../rule-test-kit.js'
import { loopWithoutExitRule as rule } from './fc-uip-rel-003.js'

const id = 'FC-UIP-REL-003'

describe(`${id} loop-without-exit`, () => {
  it('reports While True / Do While true without Break or Throw (VB and C#)', () => {
    expectFindings(
      rule,
      `
<Sequence xmlns:mca="clr-namespace:Microsoft.CSharp.Activities;assembly=System.Activities">
  <While DisplayName="Poll forever" Condition="True">
    <ui:LogMessage Level="Info" Message="polling" />
  </While>
  <DoWhile DisplayName="Loop">
    <DoWhile.Condition>
      <mca:CSharpValue x:TypeArguments="x:Boolean">true</mca:CSharpValue>
    </DoWhile.Condition>
    <ui:LogMessage Level="Info" Message="again" />
  </DoWhile>
</Sequence>`,
      [
        {
          ruleId: id,
          line: 2,
          column: 3,
          activity: 'Poll forever',
          message: 'The condition is always True and the body has no Break or Throw.',
        },
        { ruleId: id, line: 5, column: 3, activity: 'Loop' },
      ],
    )
  })

  it('reports a loop whose condition variables are never changed in the body', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <Sequence.Variables>
    <Variable x:TypeArguments="x:Int32" Name="retryCount" />
    <Variable x:TypeArguments="x:Int32" Name="maxRetries" />
  </Sequence.Variables>
  <While DisplayName="Retry">
    <While.Condition>[retryCount &lt; maxRetries]</While.Condition>
    <ui:LogMessage Level="Info" Message="[&quot;Attempt &quot; + retryCount.ToString]" />
  </While>
</Sequence>`,
      [
        {
          ruleId: id,
          line: 6,
          activity: 'Retry',
          message: 'No variable of the condition (retrycount, maxretries) is changed inside the loop.',
        },
      ],
    )
  })

  it('accepts loops that assign a condition variable, break, throw or depend on time or objects', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <Sequence.Variables>
    <Variable x:TypeArguments="x:Int32" Name="retryCount" />
    <Variable x:TypeArguments="x:Boolean" Name="done" />
    <Variable x:TypeArguments="x:DateTime" Name="deadline" />
    <Variable x:TypeArguments="scg:Queue(x:String)" Name="work" />
  </Sequence.Variables>
  <While Condition="[retryCount &lt; 3]">
    <Assign>
      <Assign.To><OutArgument x:TypeArguments="x:Int32">[retryCount]</OutArgument></Assign.To>
      <Assign.Value><InArgument x:TypeArguments="x:Int32">[retryCount + 1]</InArgument></Assign.Value>
    </Assign>
  </While>
  <While Condition="True">
    <If Condition="[done]"><If.Then><ui:Break /></If.Then></If>
  </While>
  <DoWhile Condition="True">
    <Throw Exception="[New Exception(&quot;stop&quot;)]" />
  </DoWhile>
  <While Condition="[Now &lt; deadline]">
    <ui:LogMessage Level="Info" Message="waiting" />
  </While>
  <While Condition="[work.Count &gt; 0]">
    <InvokeMethod MethodName="Dequeue"><InvokeMethod.TargetObject><InArgument x:TypeArguments="scg:Queue(x:String)">[work]</InArgument></InvokeMethod.TargetObject></InvokeMethod>
  </While>
  <While Condition="[Not done]">
    <ui:InvokeWorkflowFile WorkflowFileName="Check.xaml">
      <ui:InvokeWorkflowFile.Arguments>
        <OutArgument x:TypeArguments="x:Boolean" x:Key="out_Done">[done]</OutArgument>
      </ui:InvokeWorkflowFile.Arguments>
    </ui:InvokeWorkflowFile>
  </While>
  <While Condition="False" />
  <While Condition="[isReady()]" />
</Sequence>`,
      [],
    )
  })

  it('a write in an inner loop counts for the outer loop; the inner loop is judged on its own', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <Sequence.Variables>
    <Variable x:TypeArguments="x:Int32" Name="i" />
    <Variable x:TypeArguments="x:Int32" Name="j" />
  </Sequence.Variables>
  <While DisplayName="Outer" Condition="[i &lt; 10]">
    <While DisplayName="Inner" Condition="[j &lt; 10]">
      <Assign>
        <Assign.To><OutArgument x:TypeArguments="x:Int32">[i]</OutArgument></Assign.To>
        <Assign.Value><InArgument x:TypeArguments="x:Int32">[i + 1]</InArgument></Assign.Value>
      </Assign>
    </While>
  </While>
</Sequence>`,
      [
        {
          ruleId: id,
          line: 7,
          activity: 'Inner',
          message: 'No variable of the condition (j) is changed inside the loop.',
        },
      ],
    )
  })

  it('option exitActivityTypes decides what counts as an exit', () => {
    const snippet = `
<While Condition="True">
  <ui:Break />
</While>`
    expectFindings(rule, snippet, [])
    expectFindings(rule, snippet, [{ ruleId: id, line: 1 }], { options: { exitActivityTypes: [] } })
  })

  // Related to ST-REL-006: nothing in the corpus (no While / Do While), including ReFramework_WorkflowAnalyzer.
  describeNothingInCorpus(rule, 'corpus', corpusFiles())
})
