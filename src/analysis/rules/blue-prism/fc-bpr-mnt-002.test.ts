import { describe, it } from 'vitest'
import { expectBluePrismFindings, processXml } from '../../blue-prism/blue-prism-test-kit.js'
import { unreachableStageRule as rule } from './fc-bpr-mnt-002.js'

describe('FC-BPR-MNT-002 unreachable-stage', () => {
  it('reports the first stage of a dead stretch, once', () => {
    expectBluePrismFindings(
      rule,
      processXml(`<stage stageid="s" name="Start" type="Start"><onsuccess>e</onsuccess></stage>
<stage stageid="e" name="End" type="End" />
<stage stageid="d1" name="Old step" type="Calculation"><onsuccess>d2</onsuccess></stage>
<stage stageid="d2" name="Old end" type="End" />`),
      [{ line: 4, activity: 'Old step', message: 'Not reached from Start (2 unreachable on this page).' }],
    )
  })

  it('counts recovery paths, loop and choice groups, data items and notes as reachable or not in the flow', () => {
    expectBluePrismFindings(
      rule,
      processXml(`<stage stageid="s" name="Start" type="Start"><onsuccess>l1</onsuccess></stage>
<stage stageid="l1" name="Loop" type="LoopStart"><groupid>g</groupid><onsuccess>b</onsuccess></stage>
<stage stageid="b" name="Body" type="Calculation"><onsuccess>l2</onsuccess></stage>
<stage stageid="l2" name="Loop end" type="LoopEnd"><groupid>g</groupid><onsuccess>c1</onsuccess></stage>
<stage stageid="c1" name="Choice" type="ChoiceStart"><groupid>h</groupid><choices><choice><ontrue>e</ontrue></choice></choices></stage>
<stage stageid="c2" name="Otherwise" type="ChoiceEnd"><groupid>h</groupid><onsuccess>e</onsuccess></stage>
<stage stageid="e" name="End" type="End" />
<stage stageid="r" name="Catch" type="Recover"><onsuccess>z</onsuccess></stage>
<stage stageid="z" name="Resume" type="Resume"><onsuccess>e</onsuccess></stage>
<stage stageid="n" name="Note" type="Note" />
<stage stageid="d" name="Item" type="Data"><datatype>text</datatype></stage>`),
      [],
    )
  })
})
