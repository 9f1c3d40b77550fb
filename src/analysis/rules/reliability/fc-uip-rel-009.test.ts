import { describe, it } from 'vitest'
import { describeCorpusFindings, expectFindings } from '../rule-test-kit.js'
import { databaseConnectionNotClosedRule as rule } from './fc-uip-rel-009.js'

const id = 'FC-UIP-REL-009'
const UIDB = 'xmlns:uidb="clr-namespace:UiPath.Database;assembly=UiPath.Database"'
const TASKS = 'uipath-skills/tests/tasks/uipath-troubleshoot/activity-packages'

const connect = (target: string, name = 'Connect to Database') => `
  <ui:DatabaseConnect DisplayName="${name}" ProviderName="System.Data.SqlClient" ConnectionString="[connectionString]">
    <ui:DatabaseConnect.DatabaseConnection>
      <OutArgument x:TypeArguments="uidb:DatabaseConnection">${target}</OutArgument>
    </ui:DatabaseConnect.DatabaseConnection>
  </ui:DatabaseConnect>`

describe(`${id} database-connection-not-closed`, () => {
  it('reports a connection that no Disconnect closes (VB and C#)', () => {
    expectFindings(
      rule,
      `
<Sequence ${UIDB}>${connect('[dbConn]')}${connect('<mca:CSharpReference x:TypeArguments="uidb:DatabaseConnection">crmConnection</mca:CSharpReference>', 'Connect CRM')}
  <ui:ExecuteQuery ExistingDbConnection="[dbConn]" Sql="SELECT 1" />
</Sequence>`,
      [
        {
          ruleId: id,
          line: 2,
          column: 3,
          activity: 'Connect to Database',
          message: 'The connection "dbConn" is never closed with Disconnect from Database.',
        },
        {
          ruleId: id,
          line: 7,
          activity: 'Connect CRM',
          message: 'The connection "crmConnection" is never closed with Disconnect from Database.',
        },
      ],
    )
  })

  it('reads the DatabaseConnection binding in attribute form too', () => {
    expectFindings(
      rule,
      `
<Sequence ${UIDB}>
  <ui:DatabaseConnect ProviderName="System.Data.SqlClient" ConnectionString="[cs]" DatabaseConnection="[conn]" />
</Sequence>`,
      [
        {
          ruleId: id,
          line: 2,
          message: 'The connection "conn" is never closed with Disconnect from Database.',
        },
      ],
    )
  })

  it('accepts a connection closed by Disconnect, disposed in code, or returned to the caller', () => {
    expectFindings(
      rule,
      `
<Sequence ${UIDB}>${connect('[dbConn]')}
  <ui:DatabaseDisconnect DatabaseConnection="[dbConn]" />${connect('[otherConn]')}
  <ui:InvokeCode Code="otherConn.Dispose()" />
</Sequence>`,
      [],
    )
    const returned = `<Activity x:Class="OpenDb" xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities" xmlns:x="http://schemas.microsoft.com/winfx/2006/xaml" xmlns:ui="http://schemas.uipath.com/workflow/activities" ${UIDB}>
  <x:Members>
    <x:Property Name="out_Connection" Type="OutArgument(uidb:DatabaseConnection)" />
  </x:Members>
  <Sequence>${connect('[out_Connection]')}
  </Sequence>
</Activity>
`
    expectFindings(rule, returned, [], { document: true })
  })

  // Both Connect to Database activities of the corpus (troubleshooting fixtures) query and never
  // disconnect: the connection stays open until the robot process ends.
  describeCorpusFindings(rule, 'corpus', {
    [`${TASKS}/db-execute-non-query-unsafe-sql/process/Main.xaml`]: [79],
    [`${TASKS}/db-execute-query-in-connection-string/process/Main.xaml`]: [78],
  })
})
