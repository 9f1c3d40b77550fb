import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings } from '../rule-test-kit.js'
import { genericExceptionForBusinessRuleRule as rule } from './fc-uip-err-005.js'

const id = 'FC-UIP-ERR-005'

describe(`${id} generic-exception-for-business-rule`, () => {
  it('reports New Exception / new System.Exception with a business-rule message (VB and C#)', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <Throw DisplayName="Throw invalid amount" Exception="[New Exception(&quot;Invoice amount is invalid: &quot; + amount.ToString)]" />
  <Throw DisplayName="Throw duplicate">
    <InArgument x:TypeArguments="s:Exception">
      <mca:CSharpValue xmlns:mca="clr-namespace:Microsoft.CSharp.Activities;assembly=System.Activities" x:TypeArguments="s:Exception">new System.Exception("Order " + id + " already processed")</mca:CSharpValue>
    </InArgument>
  </Throw>
</Sequence>`,
      [
        {
          ruleId: id,
          line: 2,
          column: 3,
          activity: 'Throw invalid amount',
          message: 'Throws System.Exception("Invoice amount is invalid: "); use a BusinessRuleException.',
        },
        { ruleId: id, line: 3, column: 3, activity: 'Throw duplicate' },
      ],
    )
  })

  it('accepts BusinessRuleException, system-failure messages and messages from config', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <Throw Exception="[New BusinessRuleException(&quot;Invoice amount is invalid&quot;)]" />
  <Throw Exception="[new Exception(&quot;Loading asset &quot; + name + &quot; failed: &quot; + exception.Message)]" />
  <Throw Exception="[new Exception(&quot;Credentials not supplied&quot;)]" />
  <Throw Exception="[new Exception(Config(&quot;ExceptionMessage_ConsecutiveErrors&quot;).ToString)]" />
  <Throw Exception="[New ArgumentException(&quot;missing value&quot;)]" />
  <Throw Exception="[exception]" />
</Sequence>`,
      [],
    )
  })

  it('option businessMessagePattern sets the vocabulary', () => {
    const snippet = `
<Sequence>
  <Throw Exception="[New Exception(&quot;Kunde unbekannt&quot;)]" />
</Sequence>`
    expectFindings(rule, snippet, [])
    expectFindings(rule, snippet, [{ ruleId: id, line: 2 }], {
      options: { businessMessagePattern: 'unbekannt' },
    })
  })

  // The REFramework's own Throws (InitAllSettings asset failures, Main consecutive system exceptions,
  // 2019 GetAppCredentials.xaml:99 "Credentials not supplied") are real system exceptions.
  describeNothingInCorpus(
    rule,
    'corpus: REFramework system exceptions',
    corpusFiles().filter((name) => /reframework/i.test(name)),
  )
})
