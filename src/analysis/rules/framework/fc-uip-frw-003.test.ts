import { describe, it } from 'vitest'
import { corpusFiles, expectFindings, readCorpusFile } from '../rule-test-kit.js'
import { settingsThroughInitAllSettingsRule as rule } from './fc-uip-frw-003.js'

const id = 'FC-UIP-FRW-003'
const main = { fileName: 'Main.xaml' }

/**
 * A REFramework Main.xaml (the state machine a lone Main.xaml must show for the framework rules to
 * judge it) with `body` in the Initialization state's Entry.
 */
function reframeworkMain(body: string): string {
  return `
<StateMachine DisplayName="Main" InitialState="{x:Reference __ReferenceID0}">
  <State x:Name="__ReferenceID0" DisplayName="Initialization">
    <State.Entry>
${body}
    </State.Entry>
  </State>
  <State x:Name="__ReferenceID1" DisplayName="Process Transaction" />
</StateMachine>`
}
const initAllSettings = { fileName: 'Framework/InitAllSettings.xaml' }

/** Corpus REFramework project roots. */
const REFRAMEWORK_PROJECTS = [
  'uipath-reframework-2019',
  'uipath-studiotemplates-reframework/pt0/VisualBasic',
  'uipath-studiotemplates-reframework/pt1/CSharp',
  'uipath-studiotemplates-reframework/pt2/VisualBasic',
  'uipath-studiotemplates-reframework/pt3/CSharp',
  'k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer',
]

describe(`${id} settings-through-init-all-settings`, () => {
  it('accepts Main invoking Framework\\InitAllSettings.xaml (either slash, any case) with out_Config', () => {
    for (const path of [
      'Framework\\InitAllSettings.xaml',
      'framework/initallsettings.xaml',
      '.\\Framework\\InitAllSettings.xaml',
    ]) {
      expectFindings(
        rule,
        reframeworkMain(`
<Sequence DisplayName="Init">
  <ui:InvokeWorkflowFile DisplayName="Initialize settings" WorkflowFileName="${path}">
    <ui:InvokeWorkflowFile.Arguments>
      <OutArgument x:TypeArguments="scg:Dictionary(x:String, x:Object)" x:Key="out_Config">[Config]</OutArgument>
    </ui:InvokeWorkflowFile.Arguments>
  </ui:InvokeWorkflowFile>
</Sequence>`),
        [],
        main,
      )
    }
  })

  it('reports a REFramework Main that never invokes InitAllSettings, or drops its Config', () => {
    expectFindings(
      rule,
      `
<StateMachine DisplayName="Main" InitialState="{x:Reference __ReferenceID0}">
  <State x:Name="__ReferenceID0" DisplayName="Initialization">
    <State.Entry>
      <ui:InvokeWorkflowFile DisplayName="Load settings" WorkflowFileName="Settings\\LoadSettings.xaml" />
    </State.Entry>
  </State>
  <State x:Name="__ReferenceID1" DisplayName="Process Transaction" />
</StateMachine>`,
      [
        {
          ruleId: id,
          line: 1,
          activity: 'Main',
          message: 'Main.xaml never invokes Framework\\InitAllSettings.xaml.',
        },
      ],
      main,
    )
    expectFindings(
      rule,
      `
<StateMachine DisplayName="Main" InitialState="{x:Reference __ReferenceID0}">
  <State x:Name="__ReferenceID0" DisplayName="Initialization">
    <State.Entry>
      <ui:InvokeWorkflowFile DisplayName="Initialize settings" WorkflowFileName="Framework\\InitAllSettings.xaml" />
    </State.Entry>
  </State>
  <State x:Name="__ReferenceID1" DisplayName="Process Transaction" />
</StateMachine>`,
      [
        {
          ruleId: id,
          line: 4,
          column: 7,
          activity: 'Initialize settings',
          message: 'InitAllSettings is invoked without binding its Config argument (out_Config).',
        },
      ],
      main,
    )
  })

  it('does not guess when Main invokes a computed workflow path', () => {
    expectFindings(
      rule,
      reframeworkMain('<ui:InvokeWorkflowFile WorkflowFileName="[settingsWorkflow]" />'),
      [],
      main,
    )
  })

  it('reports Framework/InitAllSettings.xaml without an out_Config dictionary argument', () => {
    const withArgument = (declaration: string) => `
<x:Members>
  ${declaration}
</x:Members>
<Sequence DisplayName="Initialize All Settings" />`
    expectFindings(
      rule,
      withArgument('<x:Property Name="out_Config" Type="OutArgument(scg:Dictionary(x:String, x:Object))" />'),
      [],
      initAllSettings,
    )
    expectFindings(
      rule,
      withArgument('<x:Property Name="out_Config" Type="OutArgument(x:String)" />'),
      [
        {
          ruleId: id,
          line: 4,
          activity: 'Initialize All Settings',
          message: 'InitAllSettings.xaml has no Out argument out_Config of a Dictionary type.',
        },
      ],
      initAllSettings,
    )
    expectFindings(
      rule,
      withArgument('<x:Property Name="in_Config" Type="InArgument(scg:Dictionary(x:String, x:Object))" />'),
      [{ ruleId: id, line: 4 }],
      initAllSettings,
    )
  })

  it('applies only to Main.xaml and Framework/InitAllSettings.xaml', () => {
    expectFindings(rule, '<Sequence />', [], { fileName: 'Process.xaml' })
    expectFindings(rule, '<Sequence />', [], { fileName: 'Framework/InitAllApplications.xaml' })
  })

  it('options rename the settings workflow and the Config argument', () => {
    expectFindings(
      rule,
      reframeworkMain(`
<ui:InvokeWorkflowFile WorkflowFileName="Init\\LoadConfig.xaml">
  <ui:InvokeWorkflowFile.Arguments>
    <OutArgument x:TypeArguments="scg:Dictionary(x:String, x:Object)" x:Key="out_Settings">[Settings]</OutArgument>
  </ui:InvokeWorkflowFile.Arguments>
</ui:InvokeWorkflowFile>`),
      [],
      {
        ...main,
        options: { initSettingsWorkflow: '(^|/)Init/LoadConfig\\.xaml$', configArgument: '^out_Settings$' },
      },
    )
  })

  describe.skipIf(corpusFiles().length === 0)('corpus', () => {
    for (const project of REFRAMEWORK_PROJECTS) {
      for (const file of corpusFiles(project)) {
        const relativePath = file.slice(project.length + 1)
        it(`accepts the REFramework ${file}`, () => {
          expectFindings(rule, readCorpusFile(file), [], { document: true, fileName: file, relativePath })
        })
      }
    }
    it('leaves alone PrintToPDF/Main.xaml (line 139), a Sequence that is no REFramework', () => {
      const file = 'k2zinger-uipath-snippets/PrintToPDF/Main.xaml'
      expectFindings(rule, readCorpusFile(file), [], {
        document: true,
        fileName: file,
        relativePath: 'Main.xaml',
      })
    })
  })
})
