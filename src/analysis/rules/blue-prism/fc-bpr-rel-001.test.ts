import { describe, it } from 'vitest'
import { expectBluePrismFindings, processXml } from '../../blue-prism/blue-prism-test-kit.js'
import { fixedWaitRule as rule } from './fc-bpr-rel-001.js'

describe('FC-BPR-REL-001 fixed-wait', () => {
  it('reports a Wait stage with no condition', () => {
    expectBluePrismFindings(
      rule,
      processXml(`<stage stageid="w1" name="Sleep 5" type="WaitStart"><groupid>g1</groupid><choices /><timeout>5</timeout></stage>
<stage stageid="w2" name="Sleep 5 end" type="WaitEnd"><groupid>g1</groupid></stage>`),
      [{ line: 2, activity: 'Sleep 5', message: 'No condition; timeout 5.' }],
    )
  })

  it('accepts a Wait stage with a condition', () => {
    expectBluePrismFindings(
      rule,
      processXml(
        `<stage stageid="w1" name="Wait for window" type="WaitStart"><groupid>g1</groupid><choices><choice reply="True"><name>Window exists</name><ontrue>n1</ontrue><condition><id>CheckExists</id></condition></choice></choices><timeout>30</timeout></stage>`,
      ),
      [],
    )
  })
})
