import { describe, expect, it } from 'vitest'
import { corpusProjectFindingsOf, projectFindingsOf, workflowWith } from '../project-rule-test-kit.js'
import { persistenceActivityOutsideMainRule as rule } from './fc-uip-prj-009.js'

const UPA = { upa: 'clr-namespace:UiPath.Persistence.Activities;assembly=UiPath.Persistence.Activities' }
const waiting = (name: string) =>
  workflowWith(
    UPA,
    `
<Sequence>
  <upa:${name} DisplayName="Wait" />
</Sequence>`,
  )
const persistent = (extra: Record<string, unknown> = {}) => ({
  main: 'Main.xaml',
  runtimeOptions: { supportsPersistence: true },
  ...extra,
})

describe('FC-UIP-PRJ-009 persistence-activity-outside-main', () => {
  it('reports persistence activities in invoked workflows of a persistent process', () => {
    expect(
      projectFindingsOf(rule, {
        projectJson: persistent(),
        files: {
          'Main.xaml': waiting('WaitForFormTaskAndResume'),
          'Approvals/Request.xaml': waiting('WaitForFormTaskAndResume'),
          'Approvals/Later.xaml': waiting('ResumeAfterDelay'),
        },
      }),
    ).toEqual([
      {
        path: 'Approvals/Later.xaml',
        line: 2,
        message: 'ResumeAfterDelay in Approvals/Later.xaml, not the main workflow Main.xaml.',
      },
      {
        path: 'Approvals/Request.xaml',
        line: 2,
        message: 'WaitForFormTaskAndResume in Approvals/Request.xaml, not the main workflow Main.xaml.',
      },
    ])
  })

  it('reports every persistence activity of a library', () => {
    expect(
      projectFindingsOf(rule, {
        projectJson: { main: 'Main.xaml', designOptions: { outputType: 'Library' } },
        files: { 'Main.xaml': waiting('WaitForJobAndResume') },
      }),
    ).toEqual([{ path: 'Main.xaml', line: 2, message: 'WaitForJobAndResume in a library workflow.' }])
  })

  it('says nothing in a process without persistence (as ST-DBP-024) or without project.json', () => {
    const files = { 'Main.xaml': '<Sequence />', 'Other.xaml': waiting('WaitForQueueItemAndResume') }
    expect(projectFindingsOf(rule, { projectJson: { main: 'Main.xaml' }, files })).toEqual([])
    expect(projectFindingsOf(rule, { projectJson: null, files })).toEqual([])
  })

  // No corpus project uses persistence activities (all say supportsPersistence: false).
  it('reports nothing on the shared corpus', () => {
    expect(corpusProjectFindingsOf(rule)).toEqual([])
  })
})
