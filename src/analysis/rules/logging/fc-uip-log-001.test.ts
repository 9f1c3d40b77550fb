import { describe, it } from 'vitest'
import { corpusFiles, expectFindings, readCorpusFile } from '../rule-test-kit.js'
import { workflowWithoutLogMessageRule as rule } from './fc-uip-log-001.js'

const id = 'FC-UIP-LOG-001'
const WA = 'k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'

describe(`${id} workflow-without-log-message`, () => {
  it('reports a workflow without Log Message, at its main activity', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Update invoice">
  <Assign DisplayName="Set status" />
  <ui:TypeInto DisplayName="Type invoice number" Text="[InvoiceNumber]" />
  <ui:Click DisplayName="Click Save" />
</Sequence>`,
      [
        {
          ruleId: id,
          line: 1,
          activity: 'Update invoice',
          message: '0 log messages in 3 activities (minimum 1).',
        },
      ],
    )
  })

  it('does not count a Log Message inside Comment Out, which never runs', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Update invoice">
  <Assign DisplayName="Set status" />
  <Assign DisplayName="Set date" />
  <Assign DisplayName="Set amount" />
  <ui:CommentOut DisplayName="Disabled">
    <ui:CommentOut.Body>
      <Sequence DisplayName="Ignored Activities">
        <ui:LogMessage DisplayName="Log status" Level="Info" Message="[&quot;x&quot;]" />
      </Sequence>
    </ui:CommentOut.Body>
  </ui:CommentOut>
</Sequence>`,
      [{ ruleId: id, line: 1, message: '0 log messages in 3 activities (minimum 1).' }],
    )
  })

  it('accepts a workflow that logs, even deep inside a Flowchart or a Catch', () => {
    expectFindings(
      rule,
      `
<Flowchart DisplayName="Retry">
  <Flowchart.StartNode>
    <FlowStep x:Name="step1">
      <TryCatch DisplayName="Try">
        <TryCatch.Try>
          <Sequence DisplayName="Work">
            <Assign DisplayName="A" />
            <Assign DisplayName="B" />
          </Sequence>
        </TryCatch.Try>
        <TryCatch.Catches>
          <Catch x:TypeArguments="s:Exception">
            <ActivityAction x:TypeArguments="s:Exception">
              <ui:LogMessage DisplayName="Log error" Level="Error" Message="[&quot;failed&quot;]" />
            </ActivityAction>
          </Catch>
        </TryCatch.Catches>
      </TryCatch>
    </FlowStep>
  </Flowchart.StartNode>
</Flowchart>`,
      [],
    )
  })

  it('skips tiny workflows: placeholders with containers and comments only', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Process" sap2010:Annotation.AnnotationText="Placeholder.">
  <ui:Comment DisplayName="Comment (placeholder)" Text="Invoke your process here." />
  <Sequence DisplayName="Steps">
    <Assign DisplayName="Only one real activity" />
  </Sequence>
</Sequence>`,
      [],
    )
  })

  it('options minLogMessages, minActivities and logActivityTypes', () => {
    const snippet = `
<Sequence DisplayName="Main">
  <ui:LogMessage DisplayName="Log start" Level="Info" Message="[&quot;start&quot;]" />
  <Assign DisplayName="Work" />
</Sequence>`
    expectFindings(rule, snippet, [])
    expectFindings(
      rule,
      snippet,
      [{ ruleId: id, line: 1, message: '1 log message in 2 activities (minimum 2).' }],
      {
        options: { minLogMessages: 2, minActivities: 0 },
      },
    )
    expectFindings(rule, snippet, [{ ruleId: id, line: 1 }], {
      options: { logActivityTypes: ['ui:LogMessageEx'], minActivities: 1 },
    })
  })

  it('reports nothing for a workflow without activities', () => {
    expectFindings(rule, '\n<x:Members />', [])
  })

  // Differs from UiPath on purpose (see the doc page): two workflows of the Workflow-Analyzer
  // REFramework have no Log Message at all.
  describe.skipIf(corpusFiles(WA).length === 0)('corpus: ReFramework_WorkflowAnalyzer', () => {
    const expected: Record<string, number> = {
      [`${WA}/Framework/GetTransactionData.xaml`]: 69,
      [`${WA}/Tests/RunAllTests_Logging.xaml`]: 74,
    }
    for (const file of corpusFiles(WA)) {
      it(`reports ${expected[file] ? `line ${expected[file]}` : 'nothing'} in ${file}`, () => {
        const line = expected[file]
        expectFindings(rule, readCorpusFile(file), line ? [{ ruleId: id, line }] : [], {
          document: true,
          fileName: file,
        })
      })
    }
  })
})
