import { describe, it } from 'vitest'
import { expectBluePrismFindings, processXml, releaseXml } from '../../blue-prism/blue-prism-test-kit.js'
import { undeclaredEnvironmentVariableRule as rule } from './fc-bpr-rel-002.js'

const process = (items: string) =>
  `<process id="p1" name="Test Process" xmlns="http://www.blueprism.co.uk/product/process">${processXml(items)}</process>`

describe('FC-BPR-REL-002 undeclared-environment-variable', () => {
  it('reports an Environment data item the release does not declare', () => {
    expectBluePrismFindings(
      rule,
      releaseXml(`<environment-variable name="Host" type="text" value="" xmlns="http://www.blueprism.co.uk/product/environment-variable" />
${process(`<stage stageid="a" name="Host" type="Data"><datatype>text</datatype><exposure>Environment</exposure></stage>
<stage stageid="b" name="Port" type="Data"><datatype>number</datatype><exposure>Environment</exposure></stage>`)}`),
      [{ line: 6, activity: 'Port', message: '"Port" is not among the release\'s environment variables.' }],
    )
  })

  it('leaves single exports (they declare nothing) alone', () => {
    expectBluePrismFindings(
      rule,
      processXml(
        `<stage stageid="b" name="Port" type="Data"><datatype>number</datatype><exposure>Environment</exposure></stage>`,
      ),
      [],
    )
  })
})
