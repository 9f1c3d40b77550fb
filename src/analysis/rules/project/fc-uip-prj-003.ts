/**
 * FC-UIP-PRJ-003 unreachable-workflow: a workflow that nothing runs — not the main workflow, not
 * an entry point or test case, and not invoked (literally) from any of them. Quiet where the
 * answer is not known statically: libraries (every public workflow is an entry), projects that
 * invoke files by expression from reachable code or have coded workflows (C# can invoke any
 * workflow), and test harness files under `Tests/`.
 * Doc: docs/rules/FC-UIP-PRJ-003.md.
 */
import { defineProjectRule } from '../rule.js'

/** Test harness files: UiPath's templates keep them under a top-level Tests/ folder. */
const TEST_FOLDER = /^tests\//i

export const unreachableWorkflowRule = defineProjectRule({
  ruleId: 'FC-UIP-PRJ-003',
  name: 'unreachable-workflow',
  category: 'project',
  severity: 'low',
  description: 'A workflow is never invoked from the main workflow, an entry point or a test case.',
  recommendation:
    'Delete the workflow if it is dead code, invoke it where it is needed, or declare it as an entry point in project.json.',
  mirrors: [],
  checkProject(project) {
    if (project.rootPaths.length === 0 || project.hasDynamicInvocations || project.usesCodedWorkflows)
      return []
    if ((project.descriptor?.outputType ?? '').toLowerCase() === 'library') return []
    return project.workflows.flatMap((workflow) => {
      if (
        project.reachablePaths.has(workflow.path) ||
        TEST_FOLDER.test(workflow.path) ||
        workflow.model === undefined
      )
        return []
      const node = workflow.model.rootActivity ?? workflow.model.root
      return [
        {
          path: workflow.path,
          line: node.line,
          column: node.column,
          activity: workflow.path,
          message: `Not reachable from ${project.rootPaths.slice(0, 3).join(', ')}${project.rootPaths.length > 3 ? ', …' : ''}.`,
        },
      ]
    })
  },
})
