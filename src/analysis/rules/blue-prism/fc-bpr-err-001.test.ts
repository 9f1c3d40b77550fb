import { describe, it } from 'vitest'
import { expectBluePrismFindings, processXml } from '../../blue-prism/blue-prism-test-kit.js'
import { recoverWithoutResumeRule as rule } from './fc-bpr-err-001.js'

describe('FC-BPR-ERR-001 recover-without-resume', () => {
  it('reports a Recover stage whose path reaches no Resume', () => {
    expectBluePrismFindings(
      rule,
      processXml(`<stage stageid="r1" name="Catch" type="Recover"><onsuccess>n1</onsuccess></stage>
<stage stageid="n1" name="Log" type="Calculation"><onsuccess>e1</onsuccess></stage>
<stage stageid="e1" name="End" type="End" />`),
      [{ line: 2, activity: 'Catch', logicalLocation: 'Test Process/Main Page/Catch' }],
    )
  })

  it('accepts a Recover that resumes, or rethrows with an Exception stage', () => {
    expectBluePrismFindings(
      rule,
      processXml(`<stage stageid="r1" name="Catch" type="Recover"><onsuccess>n1</onsuccess></stage>
<stage stageid="n1" name="Log" type="Calculation"><onsuccess>s1</onsuccess></stage>
<stage stageid="s1" name="Resume" type="Resume"><onsuccess>e1</onsuccess></stage>
<stage stageid="r2" name="Catch 2" type="Recover"><onsuccess>x1</onsuccess></stage>
<stage stageid="x1" name="Rethrow" type="Exception"><exception usecurrent="yes" /></stage>
<stage stageid="e1" name="End" type="End" />`),
      [],
    )
  })
})
