import { describe, it } from 'vitest'
import { expectBluePrismFindings, processXml } from '../../blue-prism/blue-prism-test-kit.js'
import { exceptionWithoutTypeOrDetailRule as rule } from './fc-bpr-err-003.js'

describe('FC-BPR-ERR-003 exception-without-type-or-detail', () => {
  it('reports an Exception stage without a type, a detail, or both', () => {
    expectBluePrismFindings(
      rule,
      processXml(`<stage stageid="a" name="Fail 1" type="Exception"><exception type="" detail="&quot;Login failed&quot;" /></stage>
<stage stageid="b" name="Fail 2" type="Exception"><exception type="System Exception" detail="" /></stage>
<stage stageid="c" name="Fail 3" type="Exception" />`),
      [
        { line: 2, message: 'No type.' },
        { line: 3, message: 'No detail.' },
        { line: 4, message: 'No type and no detail.' },
      ],
    )
  })

  it('accepts a typed exception with a detail, and a rethrow of the current exception', () => {
    expectBluePrismFindings(
      rule,
      processXml(`<stage stageid="a" name="Fail" type="Exception"><exception type="Business Exception" detail="[Message]" /></stage>
<stage stageid="b" name="Rethrow" type="Exception"><exception usecurrent="yes" /></stage>`),
      [],
    )
  })
})
