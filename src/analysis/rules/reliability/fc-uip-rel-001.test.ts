import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings } from '../rule-test-kit.js'
import { hardcodedDelayRule as rule } from './fc-uip-rel-001.js'

const id = 'FC-UIP-REL-001'

describe(`${id} hardcoded-delay`, () => {
  it('reports a literal Duration, in attribute and element form', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Main">
  <Delay DisplayName="Wait for page" Duration="00:00:05" />
  <Delay>
    <Delay.Duration>
      <InArgument x:TypeArguments="x:TimeSpan">00:00:03</InArgument>
    </Delay.Duration>
  </Delay>
</Sequence>`,
      [
        {
          ruleId: id,
          line: 2,
          column: 3,
          activity: 'Wait for page',
          message: 'Duration is the literal 00:00:05.',
        },
        { ruleId: id, line: 3, column: 3, activity: 'Delay' },
      ],
    )
  })

  it('reports a constant TimeSpan expression (VB and C#)', () => {
    expectFindings(
      rule,
      `
<Sequence xmlns:mca="clr-namespace:Microsoft.CSharp.Activities;assembly=System.Activities">
  <Delay Duration="[TimeSpan.FromSeconds(5)]" />
  <Delay>
    <Delay.Duration>
      <InArgument x:TypeArguments="x:TimeSpan">
        <mca:CSharpValue x:TypeArguments="x:TimeSpan">new System.TimeSpan(0, 0, 10)</mca:CSharpValue>
      </InArgument>
    </Delay.Duration>
  </Delay>
</Sequence>`,
      [
        { ruleId: id, line: 2, message: 'Duration is the constant expression TimeSpan.FromSeconds(5).' },
        { ruleId: id, line: 3 },
      ],
    )
  })

  it('accepts durations from Config, variables and TimeSpan.Zero, and other activities named Duration', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <Delay Duration="[TimeSpan.FromSeconds(CDbl(in_Config(&quot;WaitSeconds&quot;)))]" />
  <Delay Duration="[waitTime]" />
  <Delay Duration="[TimeSpan.Zero]" />
  <Delay Duration="{x:Null}" />
  <ui:RetryScope DisplayName="Retry" NumberOfRetries="3" RetryInterval="00:00:05" />
  <ui:LogMessage Level="Info" Message="[&quot;Duration 00:00:05&quot;]" />
</Sequence>`,
      [],
    )
  })

  // Mirrors ST-PRR-004: nothing in the whole corpus (no Delay activity), including the REFramework
  // that passes UiPath's own Workflow Analyzer.
  describeNothingInCorpus(rule, 'corpus', corpusFiles())
})
