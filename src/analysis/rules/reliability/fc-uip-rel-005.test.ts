import { describe, it } from 'vitest'
import { describeCorpusFindings, expectFindings } from '../rule-test-kit.js'
import { persistenceActivityInForEachRule as rule } from './fc-uip-rel-005.js'

const id = 'FC-UIP-REL-005'
const UPA = 'xmlns:upa="clr-namespace:UiPath.Persistence.Activities;assembly=UiPath.Persistence.Activities"'

describe(`${id} persistence-activity-in-for-each`, () => {
  it('reports Wait for … and Resume and Resume After Delay inside a For Each (UiPath and WF) and For Each Row', () => {
    expectFindings(
      rule,
      `
<Sequence ${UPA}>
  <ui:ForEach x:TypeArguments="x:Object" DisplayName="For each invoice" Values="[invoices]">
    <ui:ForEach.Body>
      <ActivityAction x:TypeArguments="x:Object">
        <Sequence>
          <upa:WaitForFormTaskAndResume DisplayName="Wait for approval" TaskInput="[task]" />
        </Sequence>
      </ActivityAction>
    </ui:ForEach.Body>
  </ui:ForEach>
  <ForEach x:TypeArguments="x:String" Values="[names]">
    <ActivityAction x:TypeArguments="x:String">
      <upa:ResumeAfterDelay Expire="[DateTime.Now.AddHours(1)]" />
    </ActivityAction>
  </ForEach>
  <ui:ForEachRow DataTable="[dt]">
    <ui:ForEachRow.Body>
      <ActivityAction x:TypeArguments="sd:DataRow" xmlns:sd="clr-namespace:System.Data;assembly=System.Data">
        <upa:WaitForJobAndResume Job="[job]" />
      </ActivityAction>
    </ui:ForEachRow.Body>
  </ui:ForEachRow>
</Sequence>`,
      [
        {
          ruleId: id,
          line: 6,
          column: 11,
          activity: 'Wait for approval',
          message: 'WaitForFormTaskAndResume inside the For Each "For each invoice".',
        },
        { ruleId: id, line: 13, message: 'ResumeAfterDelay inside the For Each "ForEach".' },
        { ruleId: id, line: 19 },
      ],
    )
  })

  it('accepts persistence activities outside loops and in a Parallel For Each', () => {
    expectFindings(
      rule,
      `
<Sequence ${UPA}>
  <upa:WaitForQueueItemAndResume QueueItemObject="[item]" />
  <ParallelForEach x:TypeArguments="x:Object" Values="[tasks]">
    <ActivityAction x:TypeArguments="x:Object">
      <upa:WaitForFormTaskAndResume TaskInput="[task]" />
    </ActivityAction>
  </ParallelForEach>
</Sequence>`,
      [],
    )
  })

  // The corpus has no persistence activity: nothing to report anywhere, ReFramework_WorkflowAnalyzer
  // (which passes UiPath's own rules) included.
  describeCorpusFindings(rule, 'corpus', {})
})
