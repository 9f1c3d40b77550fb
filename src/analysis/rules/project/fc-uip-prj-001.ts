/**
 * FC-UIP-PRJ-001 invoked-workflow-missing: an Invoke Workflow File names a file (literally) that
 * is not in the project. Mirrors no Workflow Analyzer rule (Studio reports it when the file is
 * opened, not in the analyzer). A coded workflow (`.cs`, `.vb`) is not checked: submissions carry
 * XAML only. Doc: docs/rules/FC-UIP-PRJ-001.md.
 */
import { activityLabel, defineProjectRule } from '../rule.js'

export const invokedWorkflowMissingRule = defineProjectRule({
  ruleId: 'FC-UIP-PRJ-001',
  name: 'invoked-workflow-missing',
  category: 'project',
  severity: 'high',
  description: 'An Invoke Workflow File activity names a workflow that is not in the project.',
  recommendation:
    'Fix the path (relative to the project folder) or add the missing workflow; a missing file fails only when the robot reaches the activity, in production.',
  mirrors: [],
  checkProject(project) {
    return project.invocations.flatMap((invocation) =>
      invocation.target.kind === 'missing'
        ? [
            {
              path: invocation.from,
              line: invocation.line,
              column: invocation.column,
              activity: activityLabel(invocation.activity),
              message: `"${invocation.target.literal}" is not in the project.`,
            },
          ]
        : [],
    )
  },
})
