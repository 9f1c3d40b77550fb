import { describe, expect, it } from 'vitest'
import { corpusProjectFindingsOf, projectFindingsOf, workflowWith } from '../project-rule-test-kit.js'
import { unhandledExternalCallRule as rule } from './fc-uip-prj-011.js'

const UIDB = { uidb: 'clr-namespace:UiPath.Database;assembly=UiPath.Database' }
const click = `<ui:Click DisplayName="Click Submit"><ui:Click.Target><ui:Target Selector="&lt;webctrl id='submit' /&gt;" /></ui:Click.Target></ui:Click>`
const invoke = (file: string) => `<ui:InvokeWorkflowFile WorkflowFileName="${file}" />`
const tryCatch = (body: string) => `
<TryCatch>
  <TryCatch.Try>
    <Sequence>${body}</Sequence>
  </TryCatch.Try>
  <TryCatch.Catches>
    <Catch x:TypeArguments="s:Exception"><ActivityAction x:TypeArguments="s:Exception" /></Catch>
  </TryCatch.Catches>
</TryCatch>`

describe('FC-UIP-PRJ-011 unhandled-external-call', () => {
  it('reports UI, HTTP and database activities that nothing protects, in the main workflow and in what it invokes', () => {
    expect(
      projectFindingsOf(rule, {
        projectJson: { main: 'Main.xaml' },
        files: {
          'Main.xaml': `
<Sequence>
  ${click}
  ${invoke('Api.xaml')}
</Sequence>`,
          'Api.xaml': workflowWith(
            UIDB,
            `
<Sequence>
  <ui:HttpClient DisplayName="Post" EndPoint="[url]" Method="POST" />
  <ui:ExecuteQuery DisplayName="Query" ExistingDbConnection="[db]" Sql="SELECT 1" />
</Sequence>`,
          ),
        },
      }),
    ).toEqual([
      {
        path: 'Api.xaml',
        line: 2,
        message: 'HTTP activity with no Try Catch or Retry Scope here or at any caller.',
      },
      {
        path: 'Api.xaml',
        line: 3,
        message: 'database activity with no Try Catch or Retry Scope here or at any caller.',
      },
      {
        path: 'Main.xaml',
        line: 2,
        message: 'UI activity with no Try Catch or Retry Scope here or at any caller.',
      },
    ])
  })

  it('accepts activities in a Try (with a Catch) or a Retry Scope, here or at every caller', () => {
    expect(
      projectFindingsOf(rule, {
        projectJson: { main: 'Main.xaml' },
        files: {
          'Main.xaml': `<Sequence>${tryCatch(invoke('Process.xaml'))}<ui:RetryScope><ui:RetryScope.ActivityBody><ActivityAction>${click}</ActivityAction></ui:RetryScope.ActivityBody></ui:RetryScope></Sequence>`,
          'Process.xaml': `<Sequence>${click}${invoke('Deeper.xaml')}</Sequence>`,
          'Deeper.xaml': `<Sequence>${click}<ui:ElementExists DisplayName="Shown?" /></Sequence>`,
        },
      }),
    ).toEqual([])
  })

  it('reports a Try with only a Finally, its Finally block, and a workflow that one caller leaves unprotected', () => {
    expect(
      projectFindingsOf(rule, {
        projectJson: { main: 'Main.xaml' },
        files: {
          'Main.xaml': `
<Sequence>
  <TryCatch>
    <TryCatch.Try>${click}</TryCatch.Try>
    <TryCatch.Finally>${click}</TryCatch.Finally>
  </TryCatch>
  ${tryCatch(invoke('Step.xaml'))}
  ${invoke('Step.xaml')}
</Sequence>`,
          'Step.xaml': `<Sequence>${click}</Sequence>`,
        },
      }),
    ).toEqual([
      {
        path: 'Main.xaml',
        line: 3,
        message: 'UI activity with no Try Catch or Retry Scope here or at any caller.',
      },
      {
        path: 'Main.xaml',
        line: 4,
        message: 'UI activity with no Try Catch or Retry Scope here or at any caller.',
      },
      {
        path: 'Step.xaml',
        line: 1,
        message: 'UI activity with no Try Catch or Retry Scope here or at any caller.',
      },
    ])
  })

  it('does not judge workflows nobody invokes literally, nor activities with ContinueOnError', () => {
    expect(
      projectFindingsOf(rule, {
        projectJson: { main: 'Main.xaml' },
        files: {
          'Main.xaml': `<Sequence><ui:InvokeWorkflowFile WorkflowFileName="[next]" /><ui:Click ContinueOnError="True"><ui:Click.Target><ui:Target Selector="&lt;webctrl /&gt;" /></ui:Click.Target></ui:Click></Sequence>`,
          'Orphan.xaml': `<Sequence>${click}</Sequence>`,
        },
      }),
    ).toEqual([])
  })

  // Reviewed: every hit is an entry point of a troubleshooting fixture that opens an application,
  // a database or an HTTP endpoint with no error handling at all (one finding per Use Application
  // card, not per click inside it). Every REFramework project in the corpus (ACME vendor
  // invoices, the templates, ReFramework_WorkflowAnalyzer) invokes its UI work inside the
  // framework's Try Catch and reports nothing.
  it('on the shared corpus reports exactly the reviewed findings', () => {
    const T = 'uipath-skills/tests/tasks/uipath-troubleshoot'
    const m = 'activity with no Try Catch or Retry Scope here or at any caller.'
    const open = `${T}/activity-packages/uia-application-open-failed/process`
    expect(corpusProjectFindingsOf(rule)).toEqual([
      `${T}/activity-packages/db-execute-non-query-unsafe-sql/process: Main.xaml:79 database ${m}`,
      `${T}/activity-packages/db-execute-non-query-unsafe-sql/process: Main.xaml:103 database ${m}`,
      `${T}/activity-packages/db-execute-query-in-connection-string/process: Main.xaml:78 database ${m}`,
      `${T}/activity-packages/db-execute-query-in-connection-string/process: Main.xaml:90 database ${m}`,
      `${open}: Ap.xaml:84 UI ${m}`,
      `${open}: ClickCase.xaml:84 UI ${m}`,
      `${open}: DesktopApp.xaml:84 UI ${m}`,
      `${open}: DoodleClick.xaml:94 UI ${m}`,
      `${open}: EditorLink.xaml:104 UI ${m}`,
      `${open}: EmployeeRow.xaml:84 UI ${m}`,
      `${open}: Google.xaml:84 UI ${m}`,
      `${open}: Scroll.xaml:84 UI ${m}`,
      `${open}: TestButton.xaml:84 UI ${m}`,
      `${T}/activity-packages/uia-type-into-scrambled-text/process: Main.xaml:40 UI ${m}`,
      `${T}/activity-packages/web-http-415-content-type/process/CrmContactUpload: Wf_CreateContact.xaml:3 HTTP ${m}`,
      `${T}/products/orchestrator/queue-items-failing-test/process: DoodleClick.xaml:94 UI ${m}`,
      `${T}/products/orchestrator/queue-items-failing-test/process: Google.xaml:84 UI ${m}`,
      `${T}/runtime-exceptions/null-reference-exception/process: DoodleClick.xaml:94 UI ${m}`,
      `${T}/runtime-exceptions/null-reference-exception/process: Google.xaml:84 UI ${m}`,
    ])
  })
})
