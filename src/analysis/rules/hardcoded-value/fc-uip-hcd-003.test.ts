import { describe, it } from 'vitest'
import { CORPUS_DIR, corpusFiles, expectFindings, readCorpusFile } from '../rule-test-kit.js'
import { hardcodedFilePathRule as rule } from './fc-uip-hcd-003.js'

const id = 'FC-UIP-HCD-003'

describe(`${id} hardcoded-file-path`, () => {
  it('reports drive, UNC and Unix absolute paths in VB and C# constants', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Files">
  <ui:ReadTextFile DisplayName="Read" FileName="C:\\Users\\bot\\in.txt" />
  <ui:CopyFile DisplayName="Copy" Path="[&quot;\\\\fileserver\\share\\&quot; + name]" />
  <ui:ReadTextFile DisplayName="Read C#" FileName="[@&quot;D:\\Data\\x.csv&quot;]" />
  <ui:ReadTextFile DisplayName="Read unix" FileName="/home/robot/in.txt" />
</Sequence>`,
      [
        {
          ruleId: id,
          line: 2,
          column: 39,
          activity: 'Read',
          message: 'Absolute path "C:\\Users\\bot\\in.txt" hardcoded in the property FileName.',
        },
        {
          ruleId: id,
          line: 3,
          activity: 'Copy',
          message: 'Absolute path "\\\\fileserver\\share\\" hardcoded in the property Path.',
        },
        { ruleId: id, line: 4, activity: 'Read C#' },
        { ruleId: id, line: 5, activity: 'Read unix' },
      ],
    )
  })

  it('accepts relative paths, URLs, config lookups and environment folders', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:ExcelApplicationScope WorkbookPath="Data\\Config.xlsx" />
  <ui:ReadTextFile FileName="[Path.Combine(in_Config(&quot;InputFolder&quot;).ToString, &quot;in.txt&quot;)]" />
  <ui:ReadTextFile FileName="[Environment.GetFolderPath(Environment.SpecialFolder.Desktop) + &quot;\\in.txt&quot;]" />
  <ui:OpenBrowser Url="https://portal.acme.io/home/index" />
  <ui:LogMessage Message="[&quot;Started at 10:30&quot;]" />
  <ui:Comment Text="Files are in C:\\Temp on the dev machine" />
</Sequence>`,
      [],
    )
  })

  it('option ignoredPathPattern accepts chosen folders', () => {
    expectFindings(rule, '<ui:OpenApplication FileName="C:\\Windows\\System32\\notepad.exe" />', [], {
      options: { ignoredPathPattern: '^C:\\\\Windows\\\\' },
    })
  })

  // A real absolute path in the REFramework test harness (verified with grep -n): reported.
  describe.skipIf(corpusFiles('uipath-reframework-2019').length === 0)('corpus', () => {
    it('reports notepad.exe opened by absolute path in uipath-reframework-2019/Tests/RunAllTests.xaml', () => {
      const file = 'uipath-reframework-2019/Tests/RunAllTests.xaml'
      expectFindings(
        rule,
        readCorpusFile(file),
        [{ ruleId: id, line: 223, activity: 'Open application (Notepad)' }],
        {
          document: true,
          fileName: file,
        },
      )
    })
    it(`reports nothing in the REFramework's Framework files (${CORPUS_DIR})`, () => {
      for (const file of corpusFiles().filter((f) => f.includes('/Framework/'))) {
        expectFindings(rule, readCorpusFile(file), [], { document: true, fileName: file })
      }
    })
  })
})
