import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings, readCorpusFile } from '../rule-test-kit.js'
import { defaultDisplayNameRule as rule } from './fc-uip-nmg-007.js'

const id = 'FC-UIP-NMG-007'
const WA = 'k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'

describe(`${id} default-display-name`, () => {
  it('reports default names and missing names of known activity types', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Process invoice">
  <Assign DisplayName="Assign" />
  <ui:TypeInto DisplayName=" Type Into " Text="[InvoiceNumber]" />
  <If Condition="[True]">
    <If.Then>
      <ui:LogMessage Level="Info" Message="[&quot;done&quot;]" />
    </If.Then>
  </If>
  <uix:NClick DisplayName="Click" />
</Sequence>`,
      [
        {
          ruleId: id,
          line: 2,
          column: 3,
          activity: 'Assign',
          message: 'Assign still has its default display name "Assign".',
        },
        { ruleId: id, line: 3, column: 3, activity: 'Type Into' },
        {
          ruleId: id,
          line: 4,
          column: 3,
          activity: 'If',
          message: 'If has no display name (Studio shows its default).',
        },
        { ruleId: id, line: 6, column: 7, activity: 'ui:LogMessage' },
        { ruleId: id, line: 9, column: 3, activity: 'Click' },
      ],
    )
  })

  it('accepts descriptive names, names that only contain a default, other letter case, and unknown types', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Main">
  <Assign DisplayName="Assign TransactionNumber" />
  <ui:LogMessage DisplayName="Log message (Retry)" Level="Info" Message="[&quot;retry&quot;]" />
  <ui:CreateDirectory DisplayName="Create directory" Path="[in_Folder]" />
  <TryCatch DisplayName="Try catch" />
  <Sequence DisplayName="Then" />
  <ui:SomeVendorActivity />
  <AddToCollection x:TypeArguments="x:String" />
</Sequence>`,
      [],
    )
  })

  it('option ignoreCase makes "Try catch" a default name', () => {
    expectFindings(rule, '<TryCatch DisplayName="Try catch" />', [{ ruleId: id, line: 1 }], {
      options: { ignoreCase: true },
    })
  })

  it('options reportMissingDisplayName, ignoredTypes and additionalDefaults', () => {
    const snippet = `
<Sequence DisplayName="Main">
  <Sequence />
  <ui:Comment DisplayName="Comment" />
  <ui:ReadPDFText DisplayName="Read PDF Text" />
</Sequence>`
    expectFindings(rule, snippet, [
      { ruleId: id, line: 2 },
      { ruleId: id, line: 3 },
    ])
    expectFindings(rule, snippet, [{ ruleId: id, line: 3 }], { options: { reportMissingDisplayName: false } })
    expectFindings(
      rule,
      snippet,
      [
        { ruleId: id, line: 2 },
        {
          ruleId: id,
          line: 4,
          message: 'ui:ReadPDFText still has its default display name "Read PDF Text".',
        },
      ],
      {
        options: {
          ignoredTypes: ['ui:Comment'],
          additionalDefaults: ['ui:ReadPDFText=Read PDF Text', 'broken'],
        },
      },
    )
  })

  it('reports the default names left in a real workflow (PrintToPDF)', () => {
    const file = 'k2zinger-uipath-snippets/PrintToPDF/Main.xaml'
    if (corpusFiles('k2zinger-uipath-snippets/PrintToPDF').length === 0) return
    expectFindings(
      rule,
      readCorpusFile(file),
      [
        { ruleId: id, line: 152, activity: 'For Each' },
        { ruleId: id, line: 164, activity: 'Multiple Assign' },
        { ruleId: id, line: 202, activity: 'Log Message' },
        { ruleId: id, line: 235, activity: 'Read Text File' },
      ],
      { document: true, fileName: file },
    )
  })

  // Mirrors ST-MRD-002: the REFramework that passes UiPath's own Workflow Analyzer has no finding.
  describeNothingInCorpus(rule, 'corpus: ReFramework_WorkflowAnalyzer', corpusFiles(WA))
})
