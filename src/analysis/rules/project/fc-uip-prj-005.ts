/**
 * FC-UIP-PRJ-005 project-json-missing: the submission has workflows but no project.json (or one
 * that is not a JSON object), so nothing says which workflow runs, which packages it needs or
 * which expression language it uses. Mirrors ST-ANA-005. Doc: docs/rules/FC-UIP-PRJ-005.md.
 */
import { defineProjectRule } from '../rule.js'

export const projectJsonMissingRule = defineProjectRule({
  ruleId: 'FC-UIP-PRJ-005',
  name: 'project-json-missing',
  category: 'project',
  severity: 'medium',
  description: 'The project has no readable project.json.',
  recommendation: 'Submit the whole project folder as Studio saves it, project.json included.',
  mirrors: ['ST-ANA-005'],
  checkProject(project) {
    if (project.descriptor !== undefined) return []
    const problem = project.descriptorProblems[0]
    return [
      {
        path: 'project.json',
        line: 1,
        column: 1,
        activity: 'project.json',
        message:
          project.hasProjectJson && problem !== undefined
            ? `project.json ${problem.reason}.`
            : 'There is no project.json.',
      },
    ]
  },
})
