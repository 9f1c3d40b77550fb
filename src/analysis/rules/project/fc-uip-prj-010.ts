/**
 * FC-UIP-PRJ-010 delay-in-persistent-main: in a project that supports persistence, a Delay
 * activity in the main workflow (it keeps the robot busy where Resume After Delay would suspend
 * the job and free the robot).
 * Mirrors UiPath Workflow Analyzer ST-DBP-026. Doc: docs/rules/FC-UIP-PRJ-010.md.
 */
import { XAML_NS } from '../../xaml/index.js'
import { defineProjectRule, findingAt, type ProjectRawFinding } from '../rule.js'

export const delayInPersistentMainRule = defineProjectRule({
  ruleId: 'FC-UIP-PRJ-010',
  name: 'delay-in-persistent-main',
  category: 'project',
  severity: 'low',
  description: 'Delay activity in the main workflow of a project that supports persistence.',
  recommendation:
    'Use Resume After Delay in the main workflow of a long-running process, so the job is suspended and the robot freed while it waits; keep short Delays in invoked workflows.',
  mirrors: ['ST-DBP-026'],
  checkProject(project) {
    if (project.descriptor?.supportsPersistence !== true || project.mainPath === undefined) return []
    const main = project.workflowsByLowerPath.get(project.mainPath.toLowerCase())
    if (main?.model === undefined) return []
    const findings: ProjectRawFinding[] = []
    for (const activity of main.model.activities) {
      if (activity.localName !== 'Delay' || activity.namespaceUri !== XAML_NS.activities) continue
      findings.push({
        ...findingAt(activity, 'Delay in the main workflow of a long-running process.'),
        path: main.path,
      })
    }
    return findings
  },
})
