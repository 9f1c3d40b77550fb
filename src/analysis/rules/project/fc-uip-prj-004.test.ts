import { describe, expect, it } from 'vitest'
import { projectFindingsOf } from '../project-rule-test-kit.js'
import { mainWorkflowMissingRule } from './fc-uip-prj-004.js'

describe('FC-UIP-PRJ-004 main-workflow-missing', () => {
  it('reports a main that is not in the project, at its line in project.json', () => {
    const findings = projectFindingsOf(mainWorkflowMissingRule, {
      projectJson: { name: 'P', main: 'Main.xaml' },
      files: { 'Process.xaml': '<Sequence />' },
    })
    expect(findings).toEqual([
      { path: 'project.json', line: 3, message: 'main is "Main.xaml", which is not in the project.' },
    ])
  })

  it('reports a missing entry point, and a process with no main at all', () => {
    expect(
      projectFindingsOf(mainWorkflowMissingRule, {
        projectJson: {
          name: 'P',
          main: 'Main.xaml',
          entryPoints: [{ filePath: 'Main.xaml' }, { filePath: 'Gone.xaml' }],
        },
        files: { 'Main.xaml': '<Sequence />' },
      }).map((finding) => finding.message),
    ).toEqual(['The entry point "Gone.xaml" is not in the project.'])
    expect(
      projectFindingsOf(mainWorkflowMissingRule, {
        projectJson: { name: 'P' },
        files: { 'A.xaml': '<Sequence />' },
      }),
    ).toEqual([{ path: 'project.json', line: 2, message: 'project.json names no main workflow.' }])
  })

  it('accepts a main that is there (case-insensitively), a coded main, and a library without main', () => {
    expect(
      projectFindingsOf(mainWorkflowMissingRule, {
        projectJson: { main: 'main.XAML' },
        files: { 'Main.xaml': '<Sequence />' },
      }),
    ).toEqual([])
    expect(
      projectFindingsOf(mainWorkflowMissingRule, {
        projectJson: { main: 'Main.cs' },
        files: { 'A.xaml': '<Sequence />' },
      }),
    ).toEqual([])
    expect(
      projectFindingsOf(mainWorkflowMissingRule, {
        projectJson: { name: 'L', designOptions: { outputType: 'Library' } },
        files: { 'A.xaml': '<Sequence />' },
      }),
    ).toEqual([])
  })
})
