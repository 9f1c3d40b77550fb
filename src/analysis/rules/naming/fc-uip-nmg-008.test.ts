import { describe, it } from 'vitest'
import {
  corpusFiles,
  describeCorpusFindings,
  describeNothingInCorpus,
  expectFindings,
} from '../rule-test-kit.js'
import { argumentDefaultValueRule as rule } from './fc-uip-nmg-008.js'

const id = 'FC-UIP-NMG-008'

/** A whole workflow whose root sets argument defaults (the snippet kit writes its own root). */
const workflow = (
  defaults: string,
  members: string,
) => `<Activity x:Class="Process" ${defaults} xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities" xmlns:this="clr-namespace:" xmlns:x="http://schemas.microsoft.com/winfx/2006/xaml" xmlns:sap2010="http://schemas.microsoft.com/netfx/2010/xaml/activities/presentation">
  <x:Members>
${members}
  </x:Members>
  <Sequence DisplayName="Process" />
</Activity>
`

describe(`${id} argument-default-value`, () => {
  it('reports an argument with a literal or expression default', () => {
    expectFindings(
      rule,
      workflow(
        'this:Process.in_Url="https://example.test" this:Process.in_Retries="[3]"',
        `    <x:Property Name="in_Url" Type="InArgument(x:String)" />
    <x:Property Name="in_Retries" Type="InArgument(x:Int32)" />
    <x:Property Name="in_Other" Type="InArgument(x:String)" />`,
      ),
      [
        { ruleId: id, line: 3, activity: 'Process', message: 'In argument "in_Url" has a default value.' },
        { ruleId: id, line: 4, message: 'In argument "in_Retries" has a default value.' },
      ],
      { document: true },
    )
  })

  it('accepts {x:Null}, annotated arguments (unless asked) and test cases', () => {
    const text = workflow(
      'this:Process.in_A="{x:Null}" this:Process.in_B="Default"',
      `    <x:Property Name="in_A" Type="InArgument(x:String)" />
    <x:Property sap2010:Annotation.AnnotationText="Default for a standalone run" Name="in_B" Type="InArgument(x:String)" />`,
    )
    expectFindings(rule, text, [], { document: true })
    expectFindings(rule, text, [{ ruleId: id, line: 4 }], {
      document: true,
      options: { skipAnnotated: false },
    })
    const defaulted = workflow(
      'this:Process.in_C="x"',
      '    <x:Property Name="in_C" Type="InArgument(x:String)" />',
    )
    expectFindings(rule, defaulted, [], { document: true, relativePath: 'Tests/ProcessTestCase.xaml' })
    expectFindings(rule, defaulted, [{ ruleId: id, line: 3 }], {
      document: true,
      relativePath: 'Process.xaml',
    })
  })

  describeCorpusFindings(rule, 'corpus', {
    // Retry number, interval and timeout defaulted in a sub-workflow the caller always passes.
    'ahmed-ismail999-rpa-uipath--process-vendor-invoices/Process Vendor Invoices/ACME/ACME_GettingWorkItemDetails.xaml':
      [3, 4, 5],
    // Reusable snippets with undocumented defaults (no annotation says they are the defaults).
    'k2zinger-uipath-snippets/Workflows/KillRobotOwnedProcesses_ps.xaml': [3, 4],
    'k2zinger-uipath-snippets/Workflows/KillRobotOwnedProcesses_wmi.xaml': [3, 4],
  })

  // Mirrors ST-NMG-012: nothing in the REFramework that passes UiPath's own analyzer.
  describeNothingInCorpus(
    rule,
    'ReFramework_WorkflowAnalyzer',
    corpusFiles('k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'),
  )
})
