import { describe, expect, it } from 'vitest'
import { corpusProjectFindingsOf, projectFindingsOf } from '../project-rule-test-kit.js'
import { delayInPersistentMainRule as rule } from './fc-uip-prj-010.js'

const withDelay = `
<Sequence>
  <Delay DisplayName="Wait an hour" Duration="01:00:00" />
</Sequence>`

describe('FC-UIP-PRJ-010 delay-in-persistent-main', () => {
  it('reports a Delay in the main workflow of a process that supports persistence', () => {
    expect(
      projectFindingsOf(rule, {
        projectJson: { main: 'Main.xaml', runtimeOptions: { supportsPersistence: true } },
        files: { 'Main.xaml': withDelay, 'Helper.xaml': withDelay },
      }),
    ).toEqual([
      { path: 'Main.xaml', line: 2, message: 'Delay in the main workflow of a long-running process.' },
    ])
  })

  it('accepts Delay when the process does not support persistence', () => {
    expect(
      projectFindingsOf(rule, {
        projectJson: { main: 'Main.xaml', runtimeOptions: { supportsPersistence: false } },
        files: { 'Main.xaml': withDelay },
      }),
    ).toEqual([])
  })

  // No corpus project supports persistence.
  it('reports nothing on the shared corpus', () => {
    expect(corpusProjectFindingsOf(rule)).toEqual([])
  })
})
