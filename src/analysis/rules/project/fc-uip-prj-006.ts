/**
 * FC-UIP-PRJ-006 expression-language-mismatch: a workflow written in the other expression
 * language than project.json declares (a C# file in a VB project or the reverse) does not compile.
 * Only a file that states its language counts: C# by `ExpressionActivityEditor="C#"` or C#
 * expression elements, VB by `VisualBasic.Settings` or VB expression elements; a file with no
 * expressions says nothing and is never reported. Doc: docs/rules/FC-UIP-PRJ-006.md.
 */
import type { ExpressionLanguage, WorkflowModel } from '../../xaml/workflow-model.js'
import { defineProjectRule } from '../rule.js'

/** The language a workflow declares itself, or undefined when it does not say. */
export function declaredExpressionLanguage(model: WorkflowModel): ExpressionLanguage | undefined {
  const root = model.root
  if (root.attributes.get('ExpressionActivityEditor.ExpressionActivityEditor')?.value === 'C#')
    return 'CSharp'
  if (
    model.expressions.some((expression) => expression.form === 'element' && expression.language === 'CSharp')
  )
    return 'CSharp'
  if (root.attributes.has('VisualBasic.Settings') || root.properties.has('VisualBasic.Settings'))
    return 'VisualBasic'
  if (
    model.expressions.some(
      (expression) => expression.form === 'element' && expression.language === 'VisualBasic',
    )
  )
    return 'VisualBasic'
  return undefined
}

export const expressionLanguageMismatchRule = defineProjectRule({
  ruleId: 'FC-UIP-PRJ-006',
  name: 'expression-language-mismatch',
  category: 'project',
  severity: 'high',
  description: "A workflow uses a different expression language than the project's.",
  recommendation:
    "Rewrite the workflow in the project's language (Studio cannot mix VB and C# in one project), or move it to a project of its own and invoke it as a library.",
  mirrors: [],
  checkProject(project) {
    const expected = project.descriptor?.expressionLanguage
    if (expected === undefined) return []
    return project.workflows.flatMap((workflow) => {
      if (workflow.model === undefined) return []
      const declared = declaredExpressionLanguage(workflow.model)
      if (declared === undefined || declared === expected) return []
      const root = workflow.model.root
      return [
        {
          path: workflow.path,
          line: root.line,
          column: root.column,
          activity: workflow.path,
          message: `Written in ${declared}; project.json declares ${expected}.`,
        },
      ]
    })
  },
})
