/**
 * FC-UIP-PRJ-004 main-workflow-missing: project.json's `main` (or an entry point) names a workflow
 * that is not in the project, or a process names no main at all. A coded workflow (`.cs`, `.vb`)
 * is not checked: Flowcerta reads XAML, and coded files are not part of a submission.
 * Mirrors ST-ANA-006. Doc: docs/rules/FC-UIP-PRJ-004.md.
 */
import { jsonKeyLine } from '../../project/project-descriptor.js'
import { defineProjectRule, type ProjectRawFinding } from '../rule.js'

const CODED = /\.(cs|vb)$/i

export const mainWorkflowMissingRule = defineProjectRule({
  ruleId: 'FC-UIP-PRJ-004',
  name: 'main-workflow-missing',
  category: 'project',
  severity: 'high',
  description: 'The main workflow or an entry point named in project.json is not in the project.',
  recommendation:
    'Set "Set as Main" on the workflow that starts the process (or fix the entry point), so the package runs what you expect.',
  mirrors: ['ST-ANA-006'],
  checkProject(project) {
    const descriptor = project.descriptor
    if (descriptor === undefined) return []
    const text = project.projectJsonText
    const exists = (path: string) => project.workflowsByLowerPath.has(path.toLowerCase())
    const findings: ProjectRawFinding[] = []
    const report = (key: string, message: string) =>
      findings.push({
        path: 'project.json',
        line: jsonKeyLine(text, key),
        column: 1,
        activity: 'project.json',
        message,
      })
    const isProcess = (descriptor.outputType ?? 'Process').toLowerCase() === 'process'
    if (descriptor.main === undefined || descriptor.main === '') {
      if (isProcess) report('name', 'project.json names no main workflow.')
    } else if (!CODED.test(descriptor.main) && !exists(descriptor.main)) {
      report('main', `main is "${descriptor.main}", which is not in the project.`)
    }
    for (const entry of descriptor.entryPoints) {
      if (CODED.test(entry.filePath) || exists(entry.filePath) || entry.filePath === descriptor.main) continue
      report('entryPoints', `The entry point "${entry.filePath}" is not in the project.`)
    }
    return findings
  },
})
