import { describe, it } from 'vitest'
import { describeCorpusFindings, expectFindings } from '../rule-test-kit.js'
import { openApplicationForBrowserRule as rule } from './fc-uip-rel-007.js'

const id = 'FC-UIP-REL-007'

describe(`${id} open-application-for-browser`, () => {
  it('reports Open Application starting a browser, as a literal path or an expression', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:OpenApplication DisplayName="Open portal" FileName="C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" Arguments="https://portal.example.test" />
  <ui:OpenApplication FileName="[&quot;msedge.exe&quot;]" />
</Sequence>`,
      [
        { ruleId: id, line: 2, column: 3, activity: 'Open portal', message: 'FileName starts chrome.exe.' },
        { ruleId: id, line: 3, message: 'FileName starts msedge.exe.' },
      ],
    )
  })

  it('accepts other applications and Open Browser', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:OpenApplication DisplayName="Open application (Notepad)" FileName="C:\\windows\\system32\\notepad.exe" Arguments="chrome.exe.log" />
  <ui:OpenApplication FileName="C:\\Tools\\notchrome.exe" />
  <ui:OpenBrowser BrowserType="Chrome" Url="https://portal.example.test" />
</Sequence>`,
      [],
    )
  })

  it('takes the browser list from the options', () => {
    expectFindings(rule, `<ui:OpenApplication FileName="vivaldi.exe" />`, [{ ruleId: id, line: 1 }], {
      options: { browserExecutables: ['vivaldi.exe'] },
    })
  })

  // Mirrors UI-PRR-003. The corpus opens only Notepad with Open Application (REFramework's
  // RunAllTests, ReFramework_WorkflowAnalyzer included): nothing to report.
  describeCorpusFindings(rule, 'corpus', {})
})
