import { describe, it } from 'vitest'
import { expectBluePrismFindings, processXml } from '../../blue-prism/blue-prism-test-kit.js'
import { passwordWithInitialValueRule as rule } from './fc-bpr-sec-001.js'

describe('FC-BPR-SEC-001 password-with-initial-value', () => {
  it('reports a Password data item with an initial value, masked, at its stage', () => {
    expectBluePrismFindings(
      rule,
      processXml(`<stage stageid="a" name="Password" type="Data"><datatype>password</datatype><initialvalue>hunter2</initialvalue></stage>
  <stage stageid="b" name="Other" type="Data"><datatype>password</datatype><initialvalue /></stage>`),
      [
        {
          line: 2,
          column: 1,
          activity: 'Password',
          message: 'Initial value •••••••.',
          logicalLocation: 'Test Process/Main Page/Password',
        },
      ],
    )
  })

  it('leaves empty Password items and text items alone', () => {
    expectBluePrismFindings(
      rule,
      processXml(`<stage stageid="a" name="Password" type="Data"><datatype>password</datatype></stage>
<stage stageid="b" name="Name" type="Data"><datatype>text</datatype><initialvalue>Bob</initialvalue></stage>`),
      [],
    )
  })
})
