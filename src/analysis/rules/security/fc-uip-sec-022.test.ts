import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings } from '../rule-test-kit.js'
import { sqlInjectionRule as rule } from './fc-uip-sec-022.js'

const id = 'FC-UIP-SEC-022'

describe(`${id} sql-injection`, () => {
  it('reports queue item content concatenated into SQL text (VB and C#), not a parameterised command', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Main">
  <Sequence.Variables>
    <Variable x:TypeArguments="x:String" Name="customer" />
  </Sequence.Variables>
  <Assign>
    <Assign.To><OutArgument x:TypeArguments="x:String">[customer]</OutArgument></Assign.To>
    <Assign.Value><InArgument x:TypeArguments="x:String">[in_TransactionItem.SpecificContent("Customer").ToString]</InArgument></Assign.Value>
  </Assign>
  <ui:ExecuteQuery DisplayName="Find orders" CommandType="Text" Sql="[&quot;SELECT * FROM Orders WHERE Customer = '&quot; + customer + &quot;'&quot;]" />
  <ui:ExecuteNonQuery DisplayName="Delete orders" CommandType="Text">
    <ui:ExecuteNonQuery.Sql>
      <InArgument x:TypeArguments="x:String"><mca:CSharpValue x:TypeArguments="x:String">$"DELETE FROM Orders WHERE Customer = '{customer}'"</mca:CSharpValue></InArgument>
    </ui:ExecuteNonQuery.Sql>
  </ui:ExecuteNonQuery>
  <ui:ExecuteNonQuery DisplayName="Parameterised" CommandType="Text" Sql="DELETE FROM Orders WHERE Customer = @customer">
    <ui:ExecuteNonQuery.Parameters>
      <InArgument x:TypeArguments="x:String" x:Key="customer">[customer]</InArgument>
    </ui:ExecuteNonQuery.Parameters>
  </ui:ExecuteNonQuery>
</Sequence>`,
      [
        { ruleId: id, line: 9, activity: 'Find orders' },
        { ruleId: id, line: 12, activity: 'Delete orders' },
      ],
    )
  })

  describeNothingInCorpus(rule, 'the shared corpus', corpusFiles())
})
