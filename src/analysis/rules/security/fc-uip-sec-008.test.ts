import { describe, it } from 'vitest'
import { describeCorpusFindings, expectFindings } from '../rule-test-kit.js'
import { applicationOrUrlRestrictedRule as rule } from './fc-uip-sec-008.js'

const id = 'FC-UIP-SEC-008'

const snippet = `
<Sequence>
  <ui:Click DisplayName="Click Save">
    <ui:Click.Target>
      <ui:Target Selector="&lt;wnd app='notepad.exe' cls='Notepad' /&gt;&lt;ctrl name='Save' /&gt;" />
    </ui:Click.Target>
  </ui:Click>
  <ui:OpenBrowser DisplayName="Open portal" BrowserType="Chrome" Url="https://files.dropbox.example/share" />
  <ui:OpenApplication DisplayName="Open calc" FileName="C:\\Windows\\System32\\calc.exe" />
  <ui:NavigateTo Url="[in_Config(&quot;Url&quot;).ToString]" />
  <ui:ReadTextFile FileName="C:\\data\\putty.exe.txt" />
</Sequence>`

describe(`${id} application-or-url-restricted`, () => {
  it('reports nothing until a policy sets the lists', () => {
    expectFindings(rule, snippet, [])
  })

  it('reports prohibited applications and URLs (wildcards, any case)', () => {
    expectFindings(
      rule,
      snippet,
      [
        {
          ruleId: id,
          line: 4,
          activity: 'Click Save',
          message: 'The application notepad.exe is prohibited.',
        },
        {
          ruleId: id,
          line: 7,
          activity: 'Open portal',
          message: 'The URL https://files.dropbox.example/share is prohibited.',
        },
      ],
      { options: { prohibitedApps: ['NOTEPAD.exe', 'putty*'], prohibitedUrls: ['*dropbox*'] } },
    )
  })

  it('reports applications not on the allowed list', () => {
    expectFindings(
      rule,
      snippet,
      [
        { ruleId: id, line: 4, message: 'The application notepad.exe is not on the allowed list.' },
        {
          ruleId: id,
          line: 8,
          activity: 'Open calc',
          message: 'The application calc.exe is not on the allowed list.',
        },
      ],
      { options: { allowedApps: ['chrome.exe', 'msedge.exe'] } },
    )
    expectFindings(rule, snippet, [], {
      options: { allowedApps: ['*.exe'], allowedUrls: ['https://*.example/*'] },
    })
  })

  // With the default (empty) lists nothing is reported anywhere in the corpus.
  describeCorpusFindings(rule, 'corpus', {})
})
