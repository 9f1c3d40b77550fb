import { describe, it } from 'vitest'
import { expectBluePrismFindings, processXml } from '../../blue-prism/blue-prism-test-kit.js'
import { resumeOutsideRecoveryRule as rule } from './fc-bpr-err-002.js'

describe('FC-BPR-ERR-002 resume-outside-recovery', () => {
  it('reports a Resume no Recover leads to', () => {
    expectBluePrismFindings(
      rule,
      processXml(`<stage stageid="s0" name="Start" type="Start"><onsuccess>s1</onsuccess></stage>
<stage stageid="s1" name="Resume" type="Resume"><onsuccess>e1</onsuccess></stage>
<stage stageid="e1" name="End" type="End" />`),
      [{ line: 3, activity: 'Resume' }],
    )
  })

  it('accepts a Resume on a recovery path', () => {
    expectBluePrismFindings(
      rule,
      processXml(`<stage stageid="r1" name="Catch" type="Recover"><onsuccess>s1</onsuccess></stage>
<stage stageid="s1" name="Resume" type="Resume"><onsuccess>e1</onsuccess></stage>
<stage stageid="e1" name="End" type="End" />`),
      [],
    )
  })
})
