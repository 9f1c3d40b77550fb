import { describe, it } from 'vitest'
import { expectBluePrismFindings, processXml } from '../../blue-prism/blue-prism-test-kit.js'
import { hardcodedPathOrUrlRule as rule } from './fc-bpr-hcd-002.js'

const item = (id: string, name: string, value: string, extra = '') =>
  `<stage stageid="${id}" name="${name}" type="Data"><datatype>text</datatype><initialvalue>${value}</initialvalue>${extra}</stage>`

describe('FC-BPR-HCD-002 hardcoded-path-or-url', () => {
  it('reports drive paths, UNC paths and URLs as initial values', () => {
    expectBluePrismFindings(
      rule,
      processXml(
        [
          item('a', 'Input Folder', 'C:\\Temp\\In'),
          item('b', 'Share', '\\\\fileserver\\finance\\'),
          item('c', 'Portal', 'https://portal.example.com/login'),
        ].join('\n'),
      ),
      [
        { line: 2, activity: 'Input Folder', message: 'Initial value C:\\Temp\\In.' },
        { line: 3, activity: 'Share' },
        { line: 4, activity: 'Portal' },
      ],
    )
  })

  it('leaves environment variables, relative names and other text alone', () => {
    expectBluePrismFindings(
      rule,
      processXml(
        [
          item('a', 'Input Folder', 'C:\\Temp\\In', '<exposure>Environment</exposure>'),
          item('b', 'File Name', 'report.xlsx'),
          item('c', 'Note', 'see http://example.com for details'),
        ].join('\n'),
      ),
      [],
    )
  })
})
