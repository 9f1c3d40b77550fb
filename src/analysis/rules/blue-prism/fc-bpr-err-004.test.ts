import { describe, it } from 'vitest'
import { expectBluePrismFindings, processXml } from '../../blue-prism/blue-prism-test-kit.js'
import { pageWithoutExceptionHandlingRule as rule } from './fc-bpr-err-004.js'

const pages = `<subsheet subsheetid="p1" type="Normal"><name>Work</name></subsheet>
<subsheet subsheetid="p2" type="Normal"><name>Other</name></subsheet>`

describe('FC-BPR-ERR-004 page-without-exception-handling', () => {
  it('reports a page calling an object with no Recover on it or on a page calling it', () => {
    expectBluePrismFindings(
      rule,
      processXml(`${pages}
<stage stageid="m1" name="Do work" type="SubSheet"><processid>p1</processid></stage>
<stage stageid="m2" name="Catch" type="Recover" />
<stage stageid="a1" name="Open app" type="Action"><subsheetid>p1</subsheetid><resource object="App" action="Open" /></stage>
<stage stageid="a2" name="Read app" type="Action"><subsheetid>p2</subsheetid><resource object="App" action="Read" /></stage>`),
      // Work is called from the main page, which recovers; Other is called by nothing that does.
      [{ line: 7, activity: 'Other', message: '1 stage (Action) with no Recover.' }],
    )
  })

  it('reports a process with no Recover at all once', () => {
    expectBluePrismFindings(
      rule,
      processXml(`${pages}
<stage stageid="a1" name="Open app" type="Action"><subsheetid>p1</subsheetid><resource object="App" action="Open" /></stage>
<stage stageid="a2" name="Read app" type="Action"><subsheetid>p2</subsheetid><resource object="App" action="Read" /></stage>`),
      [
        {
          line: 4,
          activity: 'Work',
          message: 'No Recover stage in the process; pages calling applications: Work, Other.',
        },
      ],
    )
  })

  it('leaves business objects (their actions let exceptions bubble up) and pages with a Recover alone', () => {
    expectBluePrismFindings(
      rule,
      processXml(`<stage stageid="n1" name="Click" type="Navigate" />`, 'type="object" runmode="Exclusive"'),
      [],
    )
    expectBluePrismFindings(
      rule,
      processXml(`<stage stageid="a1" name="Open" type="Action"><resource object="App" action="Open" /></stage>
<stage stageid="r1" name="Catch" type="Recover" />`),
      [],
    )
  })
})
