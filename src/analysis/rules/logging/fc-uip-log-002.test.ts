import { describe, expect, it } from 'vitest'
import { RuleOptionError } from '../rule-options.js'
import { corpusFiles, describeNothingInCorpus, expectFindings, findingsOf } from '../rule-test-kit.js'
import { debugOutputLeftInRule as rule } from './fc-uip-log-002.js'

const id = 'FC-UIP-LOG-002'

describe(`${id} debug-output-left-in`, () => {
  it('reports Write Line and Message Box', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Main">
  <WriteLine DisplayName="Debug output" Text="[&quot;got here&quot;]" />
  <ui:MessageBox Caption="Done" Text="[&quot;Finished&quot;]" />
  <ui:LogMessage Level="Info" Message="[&quot;Finished&quot;]" />
</Sequence>`,
      [
        { ruleId: id, line: 2, column: 3, activity: 'Debug output' },
        { ruleId: id, line: 3, column: 3, activity: 'ui:MessageBox' },
      ],
    )
  })

  it('matches by namespace, not by prefix', () => {
    expectFindings(
      rule,
      `
<Sequence xmlns:uip="http://schemas.uipath.com/workflow/activities" xmlns:wf="http://schemas.microsoft.com/netfx/2009/xaml/activities">
  <uip:MessageBox Text="hi" />
  <wf:WriteLine Text="hi" />
</Sequence>`,
      [
        { ruleId: id, line: 2 },
        { ruleId: id, line: 3 },
      ],
    )
  })

  it('finds them nested anywhere (Flowchart step, If branch)', () => {
    expectFindings(
      rule,
      `
<Flowchart DisplayName="Flow">
  <Flowchart.StartNode>
    <FlowStep x:Name="step1">
      <If Condition="[True]">
        <If.Then>
          <WriteLine Text="debug" />
        </If.Then>
      </If>
    </FlowStep>
  </Flowchart.StartNode>
</Flowchart>`,
      [{ ruleId: id, line: 6 }],
    )
  })

  it('accepts Log Message and other activities', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:LogMessage Level="Trace" Message="[&quot;got here&quot;]" />
  <Assign DisplayName="Write line count">
    <Assign.To>
      <OutArgument x:TypeArguments="x:Int32">[count]</OutArgument>
    </Assign.To>
    <Assign.Value>
      <InArgument x:TypeArguments="x:Int32">1</InArgument>
    </Assign.Value>
  </Assign>
</Sequence>`,
      [],
    )
  })

  it('option activityTypes narrows what is reported', () => {
    const snippet = `
<Sequence>
  <WriteLine Text="a" />
  <ui:MessageBox Text="b" />
</Sequence>`
    expectFindings(rule, snippet, [{ ruleId: id, line: 3 }], {
      options: { activityTypes: ['ui:MessageBox'] },
    })
    expectFindings(rule, snippet, [], { options: { activityTypes: [] } })
  })

  it('rejects an invalid activityTypes option', () => {
    expect(() => findingsOf(rule, '<Sequence />', { options: { activityTypes: 'WriteLine' } })).toThrow(
      RuleOptionError,
    )
    expect(() => findingsOf(rule, '<Sequence />', { options: { types: ['WriteLine'] } })).toThrow(
      /unknown option "types"/,
    )
  })

  // Mirrors ST-MRD-011: the REFramework that passes UiPath's own Workflow Analyzer has no Write Line.
  describeNothingInCorpus(
    rule,
    'corpus: ReFramework_WorkflowAnalyzer (passes UiPath Workflow Analyzer)',
    corpusFiles('k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'),
  )
})
