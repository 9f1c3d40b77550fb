import { describe, it } from 'vitest'
import { describeCorpusFindings, expectFindings } from '../rule-test-kit.js'
import { httpStatusNotCheckedRule as rule } from './fc-uip-err-006.js'

const id = 'FC-UIP-ERR-006'

describe(`${id} http-status-not-checked`, () => {
  it('reports an HTTP Request without StatusCode, or whose status variable is never read', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:HttpClient DisplayName="Create contact" EndPoint="[url]" Method="POST" Body="[body]" />
  <ui:HttpClient DisplayName="Get contact" EndPoint="[url]" Method="GET">
    <ui:HttpClient.StatusCode>
      <OutArgument x:TypeArguments="x:Int32">[statusCode]</OutArgument>
    </ui:HttpClient.StatusCode>
  </ui:HttpClient>
</Sequence>`,
      [
        {
          ruleId: id,
          line: 2,
          column: 3,
          activity: 'Create contact',
          message: 'The StatusCode output is not bound.',
        },
        {
          ruleId: id,
          line: 3,
          activity: 'Get contact',
          message: 'The status code is stored in "statusCode", which is never read.',
        },
      ],
    )
  })

  it('reads the StatusCode binding in attribute form too', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:HttpClient EndPoint="[url]" Method="GET" StatusCode="[unreadCode]" />
  <ui:HttpClient EndPoint="[url]" Method="GET" StatusCode="[code]" />
  <If Condition="[code = 200]" />
</Sequence>`,
      [{ ruleId: id, line: 2, message: 'The status code is stored in "unreadCode", which is never read.' }],
    )
  })

  it('accepts a status code that is checked (VB or C#) or returned to the caller', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:HttpClient EndPoint="[url]" Method="GET">
    <ui:HttpClient.StatusCode>
      <OutArgument x:TypeArguments="x:Int32">[statusCode]</OutArgument>
    </ui:HttpClient.StatusCode>
  </ui:HttpClient>
  <If Condition="[StatusCode &lt;&gt; 200]" />
  <ui:HttpClient EndPoint="[url]" Method="GET">
    <ui:HttpClient.StatusCode>
      <OutArgument x:TypeArguments="x:Int32"><mca:CSharpReference x:TypeArguments="x:Int32">code</mca:CSharpReference></OutArgument>
    </ui:HttpClient.StatusCode>
  </ui:HttpClient>
  <Throw>
    <Throw.Exception>
      <InArgument x:TypeArguments="s:Exception"><mca:CSharpValue x:TypeArguments="s:Exception">code &gt;= 400 ? new Exception("HTTP " + code) : null</mca:CSharpValue></InArgument>
    </Throw.Exception>
  </Throw>
</Sequence>`,
      [],
    )
  })

  // The corpus's one HTTP Request (a troubleshooting fixture whose POST gets HTTP 415) binds no
  // StatusCode: the failure goes unnoticed, which is the fixture's very bug.
  describeCorpusFindings(rule, 'corpus', {
    'uipath-skills/tests/tasks/uipath-troubleshoot/activity-packages/web-http-415-content-type/process/CrmContactUpload/Wf_CreateContact.xaml':
      [3],
  })
})
