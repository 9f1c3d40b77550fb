import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings } from '../rule-test-kit.js'
import { emptyCatchRule as rule } from './fc-uip-err-001.js'

const id = 'FC-UIP-ERR-001'

describe(`${id} empty-catch`, () => {
  it('reports a Catch whose ActivityAction has no handler activity', () => {
    expectFindings(
      rule,
      `
<TryCatch DisplayName="Try read file">
  <TryCatch.Try>
    <ui:LogMessage Level="Info" Message="[&quot;reading&quot;]" />
  </TryCatch.Try>
  <TryCatch.Catches>
    <Catch x:TypeArguments="s:Exception">
      <ActivityAction x:TypeArguments="s:Exception">
        <ActivityAction.Argument>
          <DelegateInArgument x:TypeArguments="s:Exception" Name="exception" />
        </ActivityAction.Argument>
      </ActivityAction>
    </Catch>
  </TryCatch.Catches>
</TryCatch>`,
      [
        {
          ruleId: id,
          line: 6,
          column: 5,
          activity: 'Try read file',
          message: 'Catch of System.Exception has no activities.',
        },
      ],
    )
  })

  it('reports a Catch whose handler is an empty Sequence, once per empty Catch', () => {
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
        <Sequence DisplayName="Handle business exception" />
      </ActivityAction>
    </Catch>
    <Catch x:TypeArguments="s:Exception">
      <ActivityAction x:TypeArguments="s:Exception">
        <Sequence />
      </ActivityAction>
    </Catch>
  </TryCatch.Catches>
</TryCatch>`,
      [
        { ruleId: id, line: 6, activity: 'TryCatch' },
        { ruleId: id, line: 14, activity: 'TryCatch' },
      ],
    )
  })

  it('accepts a Catch that logs, rethrows or handles the exception', () => {
    expectFindings(
      rule,
      `
<TryCatch DisplayName="Try">
  <TryCatch.Try>
    <WriteLine Text="work" />
  </TryCatch.Try>
  <TryCatch.Catches>
    <Catch x:TypeArguments="s:Exception">
      <ActivityAction x:TypeArguments="s:Exception">
        <ActivityAction.Argument>
          <DelegateInArgument x:TypeArguments="s:Exception" Name="exception" />
        </ActivityAction.Argument>
        <Sequence DisplayName="Log and rethrow">
          <ui:LogMessage Level="Error" Message="[exception.Message]" />
          <Rethrow />
        </Sequence>
      </ActivityAction>
    </Catch>
  </TryCatch.Catches>
</TryCatch>`,
      [],
    )
  })

  it('accepts a TryCatch with only a Finally, and workflows without TryCatch', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <TryCatch>
    <TryCatch.Try>
      <WriteLine Text="work" />
    </TryCatch.Try>
    <TryCatch.Finally>
      <WriteLine Text="cleanup" />
    </TryCatch.Finally>
  </TryCatch>
</Sequence>`,
      [],
    )
  })

  // Mirrors ST-DBP-003: the REFramework that passes UiPath's own Workflow Analyzer has no empty catch.
  describeNothingInCorpus(
    rule,
    'corpus: ReFramework_WorkflowAnalyzer (passes UiPath Workflow Analyzer)',
    corpusFiles('k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'),
  )
})
