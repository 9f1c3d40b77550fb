/**
 * FC-UIP-PRJ-009 persistence-activity-outside-main: in a project that supports persistence, a
 * persistence activity (Resume After Delay, a "Wait for … and Resume") in a workflow other than
 * the main one; in a library, any persistence activity (a library's workflows run inside the
 * caller's, never as its Main).
 * Mirrors UiPath Workflow Analyzer ST-DBP-024. Doc: docs/rules/FC-UIP-PRJ-009.md.
 */
import { defineProjectRule, findingAt, type ProjectRawFinding } from '../rule.js'
import { persistenceActivities } from '../support/activity-groups.js'

export const persistenceActivityOutsideMainRule = defineProjectRule({
  ruleId: 'FC-UIP-PRJ-009',
  name: 'persistence-activity-outside-main',
  category: 'project',
  severity: 'medium',
  description: 'Persistence activity outside the main workflow.',
  recommendation:
    'Keep "Wait for … and Resume" and Resume After Delay in the workflow set as Main; let invoked workflows create the tasks, jobs or queue items and return their references to Main, which waits for them.',
  mirrors: ['ST-DBP-024'],
  checkProject(project) {
    const descriptor = project.descriptor
    if (descriptor === undefined) return []
    const isLibrary = (descriptor.outputType ?? '').toLowerCase() === 'library'
    if (!isLibrary && !descriptor.supportsPersistence) return []
    const main = isLibrary ? undefined : project.mainPath?.toLowerCase()
    const findings: ProjectRawFinding[] = []
    for (const workflow of project.workflows) {
      if (workflow.model === undefined || workflow.path.toLowerCase() === main) continue
      for (const activity of persistenceActivities(workflow.model)) {
        const where = isLibrary
          ? 'a library workflow'
          : `${workflow.path}, not the main workflow ${descriptor.main ?? '(none)'}`
        findings.push({ ...findingAt(activity, `${activity.localName} in ${where}.`), path: workflow.path })
      }
    }
    return findings
  },
})
