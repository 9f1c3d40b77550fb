import { describe, expect, it } from 'vitest'
import { projectFindingsOf } from '../project-rule-test-kit.js'
import { WORKFLOW_FOOTER, WORKFLOW_HEADER } from '../rule-test-kit.js'
import { expressionLanguageMismatchRule } from './fc-uip-prj-006.js'

const csharp = {
  document: `${WORKFLOW_HEADER.replace('<Activity ', '<Activity sap2010:ExpressionActivityEditor.ExpressionActivityEditor="C#" ')}<Sequence />${WORKFLOW_FOOTER}`,
}
const vb = {
  document: `${WORKFLOW_HEADER.replace('<Activity ', '<Activity xmlns:mva="clr-namespace:Microsoft.VisualBasic.Activities;assembly=System.Activities" mva:VisualBasic.Settings="{x:Null}" ')}<Sequence />${WORKFLOW_FOOTER}`,
}

describe('FC-UIP-PRJ-006 expression-language-mismatch', () => {
  it('reports a C# workflow in a VB project and a VB workflow in a C# project', () => {
    expect(
      projectFindingsOf(expressionLanguageMismatchRule, {
        projectJson: { main: 'Main.xaml', expressionLanguage: 'VisualBasic' },
        files: { 'Main.xaml': vb, 'Helper.xaml': csharp },
      }),
    ).toEqual([
      { path: 'Helper.xaml', line: 1, message: 'Written in CSharp; project.json declares VisualBasic.' },
    ])
    expect(
      projectFindingsOf(expressionLanguageMismatchRule, {
        projectJson: { main: 'Main.xaml', expressionLanguage: 'CSharp' },
        files: { 'Main.xaml': csharp, 'Old.xaml': vb },
      }).map((finding) => finding.path),
    ).toEqual(['Old.xaml'])
  })

  it('never reports a file that does not state its language, nor a project that does not', () => {
    expect(
      projectFindingsOf(expressionLanguageMismatchRule, {
        projectJson: { main: 'Main.xaml', expressionLanguage: 'CSharp' },
        files: { 'Main.xaml': '<Sequence />' },
      }),
    ).toEqual([])
    expect(
      projectFindingsOf(expressionLanguageMismatchRule, {
        projectJson: { main: 'Main.xaml' },
        files: { 'Main.xaml': csharp },
      }),
    ).toEqual([])
  })
})
