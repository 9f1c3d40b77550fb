import { describe, it } from 'vitest'
import { describeCorpusFindings, expectFindings } from '../rule-test-kit.js'
import { hardcodedActivityPropertyRule as rule } from './fc-uip-hcd-007.js'

const id = 'FC-UIP-HCD-007'
const TASKS = 'uipath-skills/tests/tasks/uipath-troubleshoot/activity-packages'

describe(`${id} hardcoded-activity-property`, () => {
  it('reports constant mail servers, ports and connection strings (literal or string expression)', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:SendSmtpMailMessage DisplayName="Send report" Server="smtp.example.test" Port="587" To="[in_To]" />
  <ui:DatabaseConnect DisplayName="Connect" ConnectionString="[&quot;Server=db01;Database=CRM&quot;]" />
</Sequence>`,
      [
        {
          ruleId: id,
          line: 2,
          activity: 'Send report',
          message: 'Server of ui:SendSmtpMailMessage is a constant.',
        },
        { ruleId: id, line: 2, message: 'Port of ui:SendSmtpMailMessage is a constant.' },
        {
          ruleId: id,
          line: 3,
          activity: 'Connect',
          message: 'ConnectionString of ui:DatabaseConnect is a constant.',
        },
      ],
    )
  })

  it('accepts values from Config, variables and {x:Null}', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:SendSmtpMailMessage Server="[in_Config(&quot;SmtpServer&quot;).ToString]" Port="[smtpPort]" />
  <ui:DatabaseConnect ConnectionString="{x:Null}" />
</Sequence>`,
      [],
    )
  })

  it('checks the properties the policy names, with wildcards', () => {
    const snippet = `
<Sequence>
  <ui:LogMessage Level="Info" Message="Started" />
  <ui:AddQueueItem QueueType="Invoices" />
</Sequence>`
    expectFindings(
      rule,
      snippet,
      [{ ruleId: id, line: 2, message: 'Message of ui:LogMessage is a constant.' }],
      {
        options: { properties: ['ui:LogMessage.*'] },
      },
    )
    // Level is an enum setting, not a value: never reported, even under `*.*`.
    expectFindings(
      rule,
      snippet,
      [
        { ruleId: id, line: 2 },
        { ruleId: id, line: 3 },
      ],
      {
        options: { properties: ['*.Message', '*.QueueType', '*.Level'] },
      },
    )
  })

  // The two Connect to Database activities of the corpus (troubleshooting fixtures) write their
  // connection string as a C# string constant (one holds a SQL query by mistake, still a constant).
  describeCorpusFindings(rule, 'corpus', {
    [`${TASKS}/db-execute-non-query-unsafe-sql/process/Main.xaml`]: [82],
    [`${TASKS}/db-execute-query-in-connection-string/process/Main.xaml`]: [81],
  })
})
