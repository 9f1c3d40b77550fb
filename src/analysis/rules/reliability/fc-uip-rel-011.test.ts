import { describe, it } from 'vitest'
import {
  corpusFiles,
  describeCorpusFindings,
  describeNothingInCorpus,
  expectFindings,
} from '../rule-test-kit.js'
import { uiActivitiesWithoutContainerRule as rule } from './fc-uip-rel-011.js'

const id = 'FC-UIP-REL-011'
const ACME = 'ahmed-ismail999-rpa-uipath--process-vendor-invoices/Process Vendor Invoices/ACME'

/** A classic activity with its selector, on one line. */
const classic = (type: string, name: string, selector: string) =>
  `<ui:${type} DisplayName="${name}"><ui:${type}.Target><ui:Target Selector="${selector}" /></ui:${type}.Target></ui:${type}>`
/** A modern activity with its target (window and element selectors), on one line. */
const modern = (type: string, name: string, scope: string, full: string) =>
  `<uix:${type} DisplayName="${name}"><uix:${type}.Target><uix:TargetAnchorable ScopeSelectorArgument="${scope}" FullSelectorArgument="${full}" /></uix:${type}.Target></uix:${type}>`

const NOTEPAD = "&lt;wnd app='notepad.exe' cls='Notepad' title='*Notepad' /&gt;"
const SAVE_AS = "&lt;wnd app='notepad.exe' cls='#32770' title='Save As' /&gt;"

describe(`${id} ui-activities-without-container`, () => {
  it('reports consecutive classic activities that each find the same window (UiPath UI-DBP-006)', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Write note">
  ${classic('Click', 'Click text area', `${NOTEPAD}&lt;ctrl role='editable text' /&gt;`)}
  <Assign DisplayName="Assign note" />
  ${classic('TypeInto', 'Type note', `${NOTEPAD}&lt;ctrl role='editable text' /&gt;`)}
  ${classic('SendHotkey', 'Press Ctrl+S', `&lt;wnd cls='Notepad' title='*Notepad' app='NOTEPAD.EXE' /&gt;`)}
  ${classic('Click', 'Click Save', `${SAVE_AS}&lt;ctrl name='Save' role='push button' /&gt;`)}
</Sequence>`,
      [
        {
          ruleId: id,
          line: 2,
          column: 3,
          activity: 'Click text area',
          message:
            "3 consecutive UI activities (lines 2, 4, 5) each find <wnd app='notepad.exe' cls='Notepad' title='*Notepad' /> with a full selector.",
        },
      ],
    )
  })

  it('reports web activities with the same <html> tab, and full selectors inside a container of another window', () => {
    expectFindings(
      rule,
      `
<ui:BrowserScope DisplayName="Attach Browser 'ACME'">
  <ui:BrowserScope.Body>
    <ActivityAction x:TypeArguments="x:Object">
      <Sequence DisplayName="Do">
        ${classic('TypeInto', 'Type Into File Name', `${SAVE_AS}&lt;ctrl name='File name:' /&gt;`)}
        ${classic('Click', 'Click - Save', `${SAVE_AS}&lt;ctrl name='Save' /&gt;`)}
      </Sequence>
    </ActivityAction>
  </ui:BrowserScope.Body>
</ui:BrowserScope>
<Sequence>
  ${classic('Click', 'Click Login', "&lt;html app='chrome.exe' title='ACME' /&gt;&lt;webctrl id='login' /&gt;")}
  ${classic('GetText', 'Get Text Status', "&lt;html title='ACME' app='chrome.exe' /&gt;&lt;webctrl id='status' /&gt;")}
</Sequence>`,
      [
        { ruleId: id, line: 5, activity: 'Type Into File Name' },
        { ruleId: id, line: 12, activity: 'Click Login' },
      ],
    )
  })

  it('reports modern activities outside every Use Application/Browser that carry the same window', () => {
    expectFindings(
      rule,
      `
<Sequence>
  ${modern('NClick', 'Click Save', NOTEPAD, "&lt;ctrl name='Save' /&gt;")}
  ${modern('NTypeInto', 'Type Into Note', NOTEPAD, "&lt;ctrl role='editable text' /&gt;")}
</Sequence>`,
      [{ ruleId: id, line: 2, activity: 'Click Save' }],
    )
  })

  it('accepts activities in a container with relative selectors, and modern activities in a card', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:WindowScope DisplayName="Attach Window 'Notepad'">
    <ui:WindowScope.Target><ui:Target Selector="${NOTEPAD}" /></ui:WindowScope.Target>
    <ui:WindowScope.Body>
      <ActivityAction x:TypeArguments="x:Object">
        <Sequence>
          ${classic('Click', 'Click text area', "&lt;ctrl role='editable text' /&gt;")}
          ${classic('TypeInto', 'Type note', "&lt;ctrl role='editable text' /&gt;")}
        </Sequence>
      </ActivityAction>
    </ui:WindowScope.Body>
  </ui:WindowScope>
  <uix:NApplicationCard DisplayName="Use Application: Notepad">
    <uix:NApplicationCard.Body>
      <ActivityAction x:TypeArguments="x:Object">
        <Sequence>
          ${modern('NClick', 'Click Save', NOTEPAD, "&lt;ctrl name='Save' /&gt;")}
          ${modern('NTypeInto', 'Type Into Note', NOTEPAD, "&lt;ctrl role='editable text' /&gt;")}
        </Sequence>
      </ActivityAction>
    </uix:NApplicationCard.Body>
  </uix:NApplicationCard>
</Sequence>`,
      [],
    )
  })

  it('accepts one activity per window, a run broken by another window or a container, computed selectors and flowcharts', () => {
    expectFindings(
      rule,
      `
<Sequence>
  ${classic('Click', 'Click A', `${NOTEPAD}&lt;ctrl name='A' /&gt;`)}
  ${classic('Click', 'Click Save', `${SAVE_AS}&lt;ctrl name='Save' /&gt;`)}
  ${classic('Click', 'Click B', `${NOTEPAD}&lt;ctrl name='B' /&gt;`)}
  <ui:WindowScope DisplayName="Attach Window"><ui:WindowScope.Target><ui:Target Selector="${SAVE_AS}" /></ui:WindowScope.Target></ui:WindowScope>
  ${classic('Click', 'Click C', `${NOTEPAD}&lt;ctrl name='C' /&gt;`)}
  ${classic('Click', 'Click D', "[notepadSelector + &quot;&lt;ctrl name='D' /&gt;&quot;]")}
  ${classic('Click', 'Click E', `${NOTEPAD}&lt;ctrl name='E' /&gt;`)}
  <If Condition="[ok]">
    <If.Then>${classic('Click', 'Click F', `${NOTEPAD}&lt;ctrl name='F' /&gt;`)}</If.Then>
  </If>
  <Flowchart>
    <FlowStep>${classic('Click', 'Click G', `${NOTEPAD}&lt;ctrl name='G' /&gt;`)}</FlowStep>
    <FlowStep>${classic('Click', 'Click H', `${NOTEPAD}&lt;ctrl name='H' /&gt;`)}</FlowStep>
  </Flowchart>
</Sequence>`,
      [],
    )
  })

  it('takes the run length from minActivities', () => {
    const two = `
<Sequence>
  ${classic('Click', 'Click A', `${NOTEPAD}&lt;ctrl name='A' /&gt;`)}
  ${classic('Click', 'Click B', `${NOTEPAD}&lt;ctrl name='B' /&gt;`)}
</Sequence>`
    expectFindings(rule, two, [{ ruleId: id, line: 2 }])
    expectFindings(rule, two, [], { options: { minActivities: 3 } })
  })

  describeNothingInCorpus(
    rule,
    'ReFramework_WorkflowAnalyzer (passes UiPath’s own rules)',
    corpusFiles('k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'),
  )

  // ACME's download step: inside its Attach Browser, Type Into 'File Name' and Click - Save each
  // find Chrome's Save As dialog with a full selector; an Attach Window on the dialog is the
  // container UiPath's rule asks for.
  describeCorpusFindings(rule, 'corpus', {
    [`${ACME}/ACME_DownloadPDFInvoice.xaml`]: [236],
  })
})
