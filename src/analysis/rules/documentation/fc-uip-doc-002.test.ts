import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings, readCorpusFile } from '../rule-test-kit.js'
import { argumentWithoutAnnotationRule as rule } from './fc-uip-doc-002.js'

const id = 'FC-UIP-DOC-002'
const WA = 'k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'

describe(`${id} argument-without-annotation`, () => {
  it('reports each argument without an annotation, at its x:Property', () => {
    expectFindings(
      rule,
      `
<x:Members>
  <x:Property Name="in_Config" Type="InArgument(x:String)" />
  <x:Property sap2010:Annotation.AnnotationText="Path of the input file." Name="in_FilePath" Type="InArgument(x:String)" />
  <x:Property sap2010:Annotation.AnnotationText=" " Name="out_Result" Type="OutArgument(x:String)" />
</x:Members>
<Sequence DisplayName="Read input" sap2010:Annotation.AnnotationText="Reads the input file." />`,
      [
        {
          ruleId: id,
          line: 2,
          column: 3,
          activity: 'Read input',
          message: 'Argument "in_Config" has no annotation.',
        },
        { ruleId: id, line: 4, column: 3, message: 'Argument "out_Result" has no annotation.' },
      ],
    )
  })

  it('accepts workflows without arguments and fully annotated arguments', () => {
    expectFindings(rule, '<Sequence DisplayName="Main" />', [])
    expectFindings(
      rule,
      `
<x:Members>
  <x:Property sap2010:Annotation.AnnotationText="Settings dictionary." Name="in_Config" Type="InArgument(x:String)" />
</x:Members>
<Sequence DisplayName="Main" />`,
      [],
    )
  })

  it('option minAnnotationLength', () => {
    const snippet = `
<x:Members>
  <x:Property sap2010:Annotation.AnnotationText="x" Name="in_Config" Type="InArgument(x:String)" />
</x:Members>
<Sequence DisplayName="Main" />`
    expectFindings(rule, snippet, [{ ruleId: id, line: 2 }], { options: { minAnnotationLength: 10 } })
  })

  it('reports the real unannotated arguments of KillRobotOwnedProcesses_ps.xaml', () => {
    const file = 'k2zinger-uipath-snippets/Workflows/KillRobotOwnedProcesses_ps.xaml'
    if (corpusFiles('k2zinger-uipath-snippets/Workflows').length === 0) return
    expectFindings(
      rule,
      readCorpusFile(file),
      [
        { ruleId: id, line: 3, message: 'Argument "in_ContinueOnError" has no annotation.' },
        { ruleId: id, line: 4, message: 'Argument "in_ProcessesToKill" has no annotation.' },
      ],
      { document: true, fileName: file },
    )
  })

  describeNothingInCorpus(rule, 'corpus: ReFramework_WorkflowAnalyzer', corpusFiles(WA))
})
