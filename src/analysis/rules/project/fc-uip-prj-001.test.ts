import { describe, expect, it } from 'vitest'
import { projectFindingsOf } from '../project-rule-test-kit.js'
import { invokedWorkflowMissingRule } from './fc-uip-prj-001.js'

const invoke = (file: string) =>
  `<ui:InvokeWorkflowFile DisplayName="Invoke ${file}" WorkflowFileName="${file}" />`

describe('FC-UIP-PRJ-001 invoked-workflow-missing', () => {
  it('reports a literal path that is not in the project, at the activity', () => {
    const findings = projectFindingsOf(invokedWorkflowMissingRule, {
      projectJson: { main: 'Main.xaml' },
      files: {
        'Main.xaml': `<Sequence>
  ${invoke('Framework\\InitAllSettings.xaml')}
  ${invoke('Framework\\Missing.xaml')}
</Sequence>`,
        'Framework/InitAllSettings.xaml': '<Sequence />',
      },
    })
    expect(findings).toEqual([
      { path: 'Main.xaml', line: 3, message: '"Framework\\Missing.xaml" is not in the project.' },
    ])
  })

  it("resolves like Studio: case-insensitively, from the project folder or the invoking file's folder", () => {
    const findings = projectFindingsOf(invokedWorkflowMissingRule, {
      projectJson: { main: 'Main.xaml' },
      files: {
        'Main.xaml': `<Sequence>${invoke('framework\\INITALLSETTINGS.xaml')}${invoke('Sub/Child.xaml')}</Sequence>`,
        'Framework/InitAllSettings.xaml': '<Sequence />',
        'Sub/Child.xaml': `<Sequence>${invoke('Sibling.xaml')}</Sequence>`,
        'Sub/Sibling.xaml': '<Sequence />',
      },
    })
    expect(findings).toEqual([])
  })

  it('says nothing about a file name built by an expression (not known before run time)', () => {
    const findings = projectFindingsOf(invokedWorkflowMissingRule, {
      projectJson: { main: 'Main.xaml' },
      files: { 'Main.xaml': '<Sequence><ui:InvokeWorkflowFile WorkflowFileName="[in_File]" /></Sequence>' },
    })
    expect(findings).toEqual([])
  })
})

describe('FC-UIP-PRJ-001 and coded workflows', () => {
  it('does not report an invoked .cs file (submissions carry XAML only)', () => {
    const findings = projectFindingsOf(invokedWorkflowMissingRule, {
      projectJson: { main: 'Main.xaml' },
      files: { 'Main.xaml': `<Sequence>${invoke('BusinessProcess\\CodedResetAssetValue.cs')}</Sequence>` },
    })
    expect(findings).toEqual([])
  })
})
