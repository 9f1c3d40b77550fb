import { describe, expect, it } from 'vitest'
import { projectFindingsOf } from '../project-rule-test-kit.js'
import { projectJsonMissingRule } from './fc-uip-prj-005.js'

describe('FC-UIP-PRJ-005 project-json-missing', () => {
  it('reports a project without project.json, and one whose project.json is not JSON', () => {
    expect(
      projectFindingsOf(projectJsonMissingRule, {
        projectJson: null,
        files: { 'Main.xaml': '<Sequence />' },
      }),
    ).toEqual([{ path: 'project.json', line: 1, message: 'There is no project.json.' }])
    const broken = projectFindingsOf(projectJsonMissingRule, {
      projectJson: '{"main": ',
      files: { 'Main.xaml': '<Sequence />' },
    })
    expect(broken[0]?.message).toMatch(/^project\.json is not valid JSON/)
  })

  it('is quiet when project.json is there', () => {
    expect(
      projectFindingsOf(projectJsonMissingRule, {
        projectJson: { main: 'Main.xaml' },
        files: { 'Main.xaml': '<Sequence />' },
      }),
    ).toEqual([])
  })
})
