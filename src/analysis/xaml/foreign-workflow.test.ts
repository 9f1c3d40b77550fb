import { describe, expect, it } from 'vitest'
import { parseXaml } from './parse-xaml.js'
import { wf } from './test-helpers.js'
import { isXamlError } from './xaml-error.js'

/** The head of a Dataverse classic workflow as the Business Approvals Kit solution stores it (shortened). */
const DATAVERSE_WORKFLOW = `<Activity x:Class="XrmWorkflowef77a2cd" xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities" xmlns:mxswa="clr-namespace:Microsoft.Xrm.Sdk.Workflow.Activities;assembly=Microsoft.Xrm.Sdk.Workflow, Version=9.0.0.0" xmlns:mva="clr-namespace:Microsoft.VisualBasic.Activities;assembly=System.Activities" xmlns:x="http://schemas.microsoft.com/winfx/2006/xaml">
  <mva:VisualBasic.Settings>Assembly references and imported namespaces for internal implementation</mva:VisualBasic.Settings>
  <mxswa:Workflow>
    <mxswa:ActivityReference AssemblyQualifiedName="Microsoft.Crm.Workflow.Activities.ConditionSequence" DisplayName="ConditionStep1" />
  </mxswa:Workflow>
</Activity>`

function refusal(input: string): unknown {
  try {
    parseXaml(input, 'Flow.xaml')
  } catch (error) {
    return error
  }
  return undefined
}

describe('workflows of other products are refused, not analysed as UiPath', () => {
  it('refuses a Dataverse classic workflow with UNSUPPORTED_PLATFORM at its <mxswa:Workflow>', () => {
    const error = refusal(DATAVERSE_WORKFLOW)
    expect(isXamlError(error)).toBe(true)
    expect(error).toMatchObject({ code: 'UNSUPPORTED_PLATFORM', line: 3, column: 3, fileName: 'Flow.xaml' })
    expect((error as Error).message).toContain('Dataverse')
  })

  it('reads a UiPath workflow that only uses Dataverse SDK types in its variables', () => {
    const m = parseXaml(
      wf(`<Sequence DisplayName="Main" xmlns:mxs="clr-namespace:Microsoft.Xrm.Sdk;assembly=Microsoft.Xrm.Sdk">
  <Sequence.Variables><Variable x:TypeArguments="mxs:Entity" Name="account" /></Sequence.Variables>
</Sequence>`),
      'Main.xaml',
    )
    expect(m.rootActivityType).toBe('Sequence')
  })

  it('still reads a UiPath workflow with no activity at all (an empty workflow is not another product)', () => {
    const m = parseXaml(wf('<x:Members />'), 'Empty.xaml')
    expect(m.rootActivity).toBeUndefined()
  })
})
