import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings } from '../rule-test-kit.js'
import { catchWithoutLogOrRethrowRule as rule } from './fc-uip-err-002.js'

const id = 'FC-UIP-ERR-002'

describe(`${id} catch-without-log-or-rethrow`, () => {
  it('reports a Catch whose activities ignore the exception', () => {
    expectFindings(
      rule,
      `
<TryCatch DisplayName="Try close app">
  <TryCatch.Try>
    <ui:CloseApplication DisplayName="Close" />
  </TryCatch.Try>
  <TryCatch.Catches>
    <Catch x:TypeArguments="s:Exception">
      <ActivityAction x:TypeArguments="s:Exception">
        <ActivityAction.Argument>
          <DelegateInArgument x:TypeArguments="s:Exception" Name="exception" />
        </ActivityAction.Argument>
        <Sequence DisplayName="Ignore">
          <ui:KillProcess ProcessName="app" />
          <Assign>
            <Assign.To>
              <OutArgument x:TypeArguments="x:String">[status]</OutArgument>
            </Assign.To>
            <Assign.Value>
              <InArgument x:TypeArguments="x:String">["Exception: closed anyway"]</InArgument>
            </Assign.Value>
          </Assign>
        </Sequence>
      </ActivityAction>
    </Catch>
  </TryCatch.Catches>
</TryCatch>`,
      [
        {
          ruleId: id,
          line: 6,
          column: 5,
          activity: 'Try close app',
          message: 'Catch of System.Exception neither logs, rethrows nor uses "exception".',
        },
      ],
    )
  })

  it('accepts catches that log, rethrow, throw or terminate — also when nested — or use the exception', () => {
    expectFindings(
      rule,
      `
<TryCatch>
  <TryCatch.Try>
    <WriteLine Text="work" />
  </TryCatch.Try>
  <TryCatch.Catches>
    <Catch x:TypeArguments="ui:BusinessRuleException">
      <ActivityAction x:TypeArguments="ui:BusinessRuleException">
        <ActivityAction.Argument>
          <DelegateInArgument x:TypeArguments="ui:BusinessRuleException" Name="exception" />
        </ActivityAction.Argument>
        <Assign DisplayName="REFramework: hand the exception on">
          <Assign.To>
            <OutArgument x:TypeArguments="ui:BusinessRuleException">[BusinessException]</OutArgument>
          </Assign.To>
          <Assign.Value>
            <InArgument x:TypeArguments="ui:BusinessRuleException">[exception]</InArgument>
          </Assign.Value>
        </Assign>
      </ActivityAction>
    </Catch>
    <Catch x:TypeArguments="s:TimeoutException">
      <ActivityAction x:TypeArguments="s:TimeoutException">
        <If Condition="[retry]">
          <If.Then>
            <Sequence>
              <ui:LogMessage Level="Warn" Message="[&quot;timed out&quot;]" />
            </Sequence>
          </If.Then>
          <If.Else>
            <Rethrow />
          </If.Else>
        </If>
      </ActivityAction>
    </Catch>
    <Catch x:TypeArguments="s:Exception">
      <ActivityAction x:TypeArguments="s:Exception">
        <ActivityAction.Argument>
          <DelegateInArgument x:TypeArguments="s:Exception" Name="ex" />
        </ActivityAction.Argument>
        <ui:InvokeWorkflowFile WorkflowFileName="HandleError.xaml">
          <ui:InvokeWorkflowFile.Arguments>
            <InArgument x:TypeArguments="s:Exception" x:Key="in_Exception">[ex]</InArgument>
          </ui:InvokeWorkflowFile.Arguments>
        </ui:InvokeWorkflowFile>
      </ActivityAction>
    </Catch>
  </TryCatch.Catches>
</TryCatch>`,
      [],
    )
  })

  it('does not report empty catches (FC-UIP-ERR-001 does) and ignores the name inside strings', () => {
    expectFindings(
      rule,
      `
<TryCatch>
  <TryCatch.Try>
    <WriteLine Text="work" />
  </TryCatch.Try>
  <TryCatch.Catches>
    <Catch x:TypeArguments="s:Exception">
      <ActivityAction x:TypeArguments="s:Exception">
        <Sequence />
      </ActivityAction>
    </Catch>
    <Catch x:TypeArguments="s:ArgumentException">
      <ActivityAction x:TypeArguments="s:ArgumentException">
        <ActivityAction.Argument>
          <DelegateInArgument x:TypeArguments="s:ArgumentException" Name="exception" />
        </ActivityAction.Argument>
        <ui:MessageBox Text="[&quot;exception ignored&quot;]" />
      </ActivityAction>
    </Catch>
  </TryCatch.Catches>
</TryCatch>`,
      [
        {
          ruleId: id,
          line: 11,
          message: 'Catch of System.ArgumentException neither logs, rethrows nor uses "exception".',
        },
      ],
    )
  })

  it('option handlingActivities can accept a custom logging activity', () => {
    const snippet = `
<TryCatch>
  <TryCatch.Try>
    <WriteLine Text="work" />
  </TryCatch.Try>
  <TryCatch.Catches>
    <Catch x:TypeArguments="s:Exception">
      <ActivityAction x:TypeArguments="s:Exception">
        <ui:AddQueueItem QueueName="errors" />
      </ActivityAction>
    </Catch>
  </TryCatch.Catches>
</TryCatch>`
    expectFindings(rule, snippet, [
      {
        ruleId: id,
        line: 6,
        message: 'Catch of System.Exception neither logs, rethrows nor uses the exception.',
      },
    ])
    expectFindings(rule, snippet, [], { options: { handlingActivities: ['ui:AddQueueItem'] } })
  })

  // Every catch of the REFramework (2019, current template in VB and C#, the analyzer-clean
  // variant) logs, rethrows or hands the exception on (e.g. 2019 Main.xaml:138 SystemException = exception).
  describeNothingInCorpus(
    rule,
    'corpus: REFramework catches',
    corpusFiles().filter((name) => /reframework/i.test(name)),
  )
})
