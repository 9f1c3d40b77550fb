import { describe, expect, it } from 'vitest'
import { projectFindingsOf } from '../project-rule-test-kit.js'
import { unreachableWorkflowRule } from './fc-uip-prj-003.js'

const invoke = (file: string) => `<ui:InvokeWorkflowFile WorkflowFileName="${file}" />`

describe('FC-UIP-PRJ-003 unreachable-workflow', () => {
  it('reports a workflow nothing invokes, once, at its main activity', () => {
    const findings = projectFindingsOf(unreachableWorkflowRule, {
      projectJson: { main: 'Main.xaml', entryPoints: [{ filePath: 'Other.xaml' }] },
      files: {
        'Main.xaml': `<Sequence>${invoke('A.xaml')}</Sequence>`,
        'A.xaml': `<Sequence>${invoke('B.xaml')}</Sequence>`,
        'B.xaml': '<Sequence />',
        'Other.xaml': '<Sequence />',
        'Old/Dead.xaml': `
<Sequence DisplayName="Dead" />`,
        'Tests/SomeTest.xaml': '<Sequence />',
      },
    })
    expect(findings).toEqual([
      { path: 'Old/Dead.xaml', line: 1, message: 'Not reachable from Main.xaml, Other.xaml.' },
    ])
  })

  it('counts test cases from fileInfoCollection as starting points', () => {
    const findings = projectFindingsOf(unreachableWorkflowRule, {
      projectJson: {
        main: 'Main.xaml',
        designOptions: { fileInfoCollection: [{ fileName: 'Checks\\Case.xaml', testCaseId: 'x' }] },
      },
      files: {
        'Main.xaml': '<Sequence />',
        'Checks/Case.xaml': `<Sequence>${invoke('Helper.xaml')}</Sequence>`,
        'Helper.xaml': '<Sequence />',
      },
    })
    expect(findings).toEqual([])
  })

  it('stays quiet for libraries and when reachable code invokes files by expression', () => {
    const files = {
      'Main.xaml': '<Sequence><ui:InvokeWorkflowFile WorkflowFileName="[next]" /></Sequence>',
      'Other.xaml': '<Sequence />',
    }
    expect(projectFindingsOf(unreachableWorkflowRule, { projectJson: { main: 'Main.xaml' }, files })).toEqual(
      [],
    )
    expect(
      projectFindingsOf(unreachableWorkflowRule, {
        projectJson: { main: 'Main.xaml', designOptions: { outputType: 'Library' } },
        files: { 'Main.xaml': '<Sequence />', 'Other.xaml': '<Sequence />' },
      }),
    ).toEqual([])
  })

  it('says nothing without a starting point (the main-missing rule reports that)', () => {
    expect(
      projectFindingsOf(unreachableWorkflowRule, {
        projectJson: { main: 'Gone.xaml' },
        files: { 'A.xaml': '<Sequence />' },
      }),
    ).toEqual([])
  })
})

describe('FC-UIP-PRJ-003 and coded workflows', () => {
  it('stays quiet in a project with coded workflows (C# may invoke any workflow)', () => {
    const files = { 'Main.xaml': '<Sequence />', 'Other.xaml': '<Sequence />' }
    expect(
      projectFindingsOf(unreachableWorkflowRule, {
        projectJson: { main: 'Main.xaml', dependencies: { 'UiPath.CodedWorkflows': '[23.8.0]' } },
        files,
      }),
    ).toEqual([])
    expect(
      projectFindingsOf(unreachableWorkflowRule, {
        projectJson: { main: 'Main.xaml' },
        files: {
          'Main.xaml': '<Sequence><ui:InvokeWorkflowFile WorkflowFileName="Helper.cs" /></Sequence>',
          'Other.xaml': '<Sequence />',
        },
      }),
    ).toEqual([])
  })
})
