import { describe, it } from 'vitest'
import { expectBluePrismFindings, processXml } from '../../blue-prism/blue-prism-test-kit.js'
import { unusedDataItemRule as rule } from './fc-bpr-mnt-001.js'

const item = (id: string, name: string, extra = '') =>
  `<stage stageid="${id}" name="${name}" type="Data"><datatype>text</datatype>${extra}</stage>`

describe('FC-BPR-MNT-001 unused-data-item', () => {
  it('reports a data item no stage reads or writes', () => {
    expectBluePrismFindings(
      rule,
      processXml(
        [
          item('a', 'Unused'),
          item('b', 'Read'),
          item('c', 'Written'),
          item('d', 'Rows'),
          `<stage stageid="x" name="Calc" type="Calculation"><calculation expression="[Read] &amp; [Rows.Name]" stage="Written" /></stage>`,
        ].join('\n'),
      ),
      [{ line: 2, activity: 'Unused', logicalLocation: 'Test Process/Main Page/Unused' }],
    )
  })

  it('counts outputs, Start parameters and loop collections as uses; leaves exposed items alone', () => {
    expectBluePrismFindings(
      rule,
      processXml(
        [
          item('a', 'Result'),
          item('b', 'In Param'),
          `<stage stageid="c" name="Items" type="Collection"><datatype>collection</datatype></stage>`,
          item('d', 'Env Setting', '<exposure>Environment</exposure>'),
          `<stage stageid="s" name="Start" type="Start"><inputs><input type="text" name="In Param" stage="In Param" /></inputs></stage>`,
          `<stage stageid="o" name="Act" type="Action"><outputs><output type="text" name="R" stage="Result" /></outputs></stage>`,
          `<stage stageid="l" name="Loop" type="LoopStart"><loopdata>Items</loopdata></stage>`,
        ].join('\n'),
      ),
      [],
    )
  })
})
