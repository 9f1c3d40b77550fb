import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings } from '../rule-test-kit.js'
import { duplicateDisplayNameRule as rule } from './fc-uip-nmg-003.js'

const id = 'FC-UIP-NMG-003'
const WA = 'k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'

describe(`${id} duplicate-display-name`, () => {
  it('reports every repeat of a display name after the first, anywhere in the workflow', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Main">
  <Assign DisplayName="Set status" />
  <If Condition="[True]" DisplayName="If order is valid">
    <If.Then>
      <Assign DisplayName="Set status" />
    </If.Then>
    <If.Else>
      <ui:LogMessage DisplayName=" set STATUS " Level="Info" Message="[&quot;x&quot;]" />
    </If.Else>
  </If>
</Sequence>`,
      [
        {
          ruleId: id,
          line: 5,
          column: 7,
          activity: 'Set status',
          message: 'Display name "Set status" is also used at line 2.',
        },
        { ruleId: id, line: 8, column: 7, message: 'Display name "set STATUS" is also used at line 2.' },
      ],
    )
  })

  it('ignores missing names, default names (FC-UIP-NMG-007) and Studio-made container names', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Main">
  <Assign />
  <Assign />
  <Assign DisplayName="Assign" />
  <Assign DisplayName="Assign" />
  <If Condition="[True]" DisplayName="If ready">
    <If.Then>
      <Sequence DisplayName="Then" />
    </If.Then>
    <If.Else>
      <Sequence DisplayName="Else" />
    </If.Else>
  </If>
  <If Condition="[False]" DisplayName="If late">
    <If.Then>
      <Sequence DisplayName="Then" />
    </If.Then>
    <If.Else>
      <Sequence DisplayName="Else" />
    </If.Else>
  </If>
</Sequence>`,
      [],
    )
  })

  it('ignores "Ignored Activities", the body Studio creates in every Comment Out', () => {
    // From uipath-skills …/uia-application-open-failed/process/EditorLink.xaml (lines 135 and 151).
    expectFindings(
      rule,
      `
<Sequence DisplayName="Kbd">
  <ui:CommentOut DisplayName="Comment Out">
    <ui:CommentOut.Body>
      <Sequence DisplayName="Ignored Activities">
        <uix:NClick DisplayName="Click 'Learn More About Editor'" />
      </Sequence>
    </ui:CommentOut.Body>
  </ui:CommentOut>
  <ui:CommentOut DisplayName="Comment Out old scroll">
    <ui:CommentOut.Body>
      <Sequence DisplayName="Ignored Activities">
        <uix:NClick DisplayName="Click 'Examples'" />
      </Sequence>
    </ui:CommentOut.Body>
  </ui:CommentOut>
</Sequence>`,
      [],
    )
  })

  it('option ignoredNames adds names that may repeat', () => {
    const snippet = `
<Sequence DisplayName="Main">
  <Sequence DisplayName="Retry" />
  <Sequence DisplayName="Retry" />
</Sequence>`
    expectFindings(rule, snippet, [{ ruleId: id, line: 3 }])
    expectFindings(rule, snippet, [], { options: { ignoredNames: ['retry'] } })
  })

  // Mirrors ST-NMG-004: the REFramework that passes UiPath's own Workflow Analyzer has no finding.
  describeNothingInCorpus(rule, 'corpus: ReFramework_WorkflowAnalyzer', corpusFiles(WA))
})
