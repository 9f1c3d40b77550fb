import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings, readCorpusFile } from '../rule-test-kit.js'
import { workflowWithoutAnnotationRule as rule } from './fc-uip-doc-001.js'

const id = 'FC-UIP-DOC-001'

describe(`${id} workflow-without-annotation`, () => {
  it('reports a main activity without annotation, at the main activity', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Process invoice">
  <Assign DisplayName="Set status" sap2010:Annotation.AnnotationText="Annotating an inner activity is not enough." />
</Sequence>`,
      [
        {
          ruleId: id,
          line: 1,
          activity: 'Process invoice',
          message: 'Sequence "Process invoice" has no annotation.',
        },
      ],
    )
  })

  it('treats a blank annotation as missing', () => {
    expectFindings(rule, '\n<Flowchart DisplayName="Flow" sap2010:Annotation.AnnotationText="  " />', [
      { ruleId: id, line: 1, activity: 'Flow' },
    ])
  })

  it('accepts an annotated main activity, whatever its type', () => {
    expectFindings(
      rule,
      `
<StateMachine DisplayName="General Business Process" sap2010:Annotation.AnnotationText="Main workflow of the process." />`,
      [],
    )
  })

  it('finds the main activity after an argument default written as a Literal element', () => {
    // The REFramework's Main.xaml and TakeScreenshot.xaml set argument defaults this way.
    const defaults = `
<x:Members>
  <x:Property Name="in_Folder" Type="InArgument(x:String)" />
</x:Members>
<this:RuleTest.in_Folder xmlns:this="clr-namespace:">
  <InArgument x:TypeArguments="x:String">
    <Literal x:TypeArguments="x:String" Value="" />
  </InArgument>
</this:RuleTest.in_Folder>`
    expectFindings(rule, `${defaults}\n<Sequence DisplayName="Take screenshot" />`, [
      { ruleId: id, line: 9, column: 1, activity: 'Take screenshot' },
    ])
    expectFindings(
      rule,
      `${defaults}\n<Sequence DisplayName="Take screenshot" sap2010:Annotation.AnnotationText="Saves a screenshot." />`,
      [],
    )
  })

  it("accepts a Comment that opens the main activity as the workflow's description", () => {
    // As in uipath-codedautomations-samples Interoperability/BusinessProcess/ResetAssetValue.xaml:93.
    const snippet = `
<Sequence>
  <ui:Comment Text="Resets an asset to a specific value if needed. If an asset value is changed, we will also return the previous value." />
  <ui:GetRobotAsset DisplayName="Get Asset" AssetName="[assetName]" />
</Sequence>`
    expectFindings(rule, snippet, [])
    expectFindings(rule, snippet, [{ ruleId: id, line: 1 }], { options: { leadingCommentCounts: false } })
  })

  it('does not accept a Comment further down, or an empty one, as the description', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Main">
  <ui:GetRobotAsset DisplayName="Get URL" AssetName="[assetName]" />
  <ui:Comment Text="Now open the portal." />
</Sequence>`,
      [{ ruleId: id, line: 1 }],
    )
    expectFindings(rule, '\n<Sequence DisplayName="Main">\n  <ui:Comment Text=" " />\n</Sequence>', [
      { ruleId: id, line: 1 },
    ])
  })

  it('option minAnnotationLength asks for a real description', () => {
    const snippet = '<Sequence DisplayName="Main" sap2010:Annotation.AnnotationText="TODO" />'
    expectFindings(rule, snippet, [])
    expectFindings(rule, snippet, [{ ruleId: id, line: 1 }], { options: { minAnnotationLength: 20 } })
  })

  it('reports the real unannotated PrintToPDF Main.xaml at its main Sequence', () => {
    const file = 'k2zinger-uipath-snippets/PrintToPDF/Main.xaml'
    if (corpusFiles('k2zinger-uipath-snippets/PrintToPDF').length === 0) return
    expectFindings(rule, readCorpusFile(file), [{ ruleId: id, line: 139, column: 3, activity: 'Main' }], {
      document: true,
      fileName: file,
    })
  })

  // Every REFramework workflow (all variants) is annotated.
  const reframework = [
    ...corpusFiles('uipath-reframework-2019'),
    ...corpusFiles('uipath-studiotemplates-reframework'),
    ...corpusFiles('k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'),
  ]
  describeNothingInCorpus(rule, 'corpus: the REFramework variants', reframework)
})
