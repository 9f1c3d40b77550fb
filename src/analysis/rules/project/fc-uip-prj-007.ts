/**
 * FC-UIP-PRJ-007 unused-dependency: project.json declares an activity package that no workflow
 * uses — no activity, object or type of it in any file (UiPath's ST-USG-010). Only packages the
 * table in src/analysis/project/uipath-packages.ts knows are judged, and only when every use in the
 * project can be seen: the rule is quiet when a workflow cannot be read or is missing (main, an
 * entry point or an invoked file not in the submission), when the project has coded workflows (C#
 * files may use any package), and when a workflow names something from a UiPath
 * namespace the table cannot attribute. UiPath.Testing.Activities is not reported in a test
 * project or a project with test cases (the test runner needs it). Doc: docs/rules/FC-UIP-PRJ-007.md.
 */
import { projectPackageUsage } from '../../project/package-usage.js'
import { jsonKeyLine } from '../../project/project-descriptor.js'
import type { ProjectModel } from '../../project/project-model.js'
import { uipathPackage } from '../../project/uipath-packages.js'
import { defineProjectRule, type ProjectRawFinding } from '../rule.js'

const TESTING = 'uipath.testing.activities'

/**
 * Whether the submission holds every workflow the project has: none unreadable, and no main,
 * entry point or invoked file named that is not there (a project exported without its code, or a
 * library whose activities are C# files). Otherwise a package may be used in what is missing.
 */
function seesEveryWorkflow(project: ProjectModel): boolean {
  const descriptor = project.descriptor
  if (project.workflows.length === 0) return false
  if (project.workflows.some((workflow) => workflow.model === undefined)) return false
  if (project.invocations.some((invocation) => invocation.target.kind === 'missing')) return false
  const named = [descriptor?.main, ...(descriptor?.entryPoints ?? []).map((entry) => entry.filePath)]
  return named.every(
    (path) => path === undefined || path === '' || project.workflowsByLowerPath.has(path.toLowerCase()),
  )
}

export const unusedDependencyRule = defineProjectRule({
  ruleId: 'FC-UIP-PRJ-007',
  name: 'unused-dependency',
  category: 'project',
  severity: 'low',
  description: 'project.json declares an activity package that no workflow uses.',
  recommendation:
    'Remove the dependency (Studio: Project > Dependencies > Remove), so the package is not restored, deployed and updated for nothing.',
  mirrors: ['ST-USG-010'],
  checkProject(project) {
    const descriptor = project.descriptor
    if (descriptor === undefined || project.usesCodedWorkflows || !seesEveryWorkflow(project)) return []
    const usage = projectPackageUsage(project.workflows)
    if (usage.unknown.length > 0) return []
    const used = new Set(usage.uses.flatMap((use) => use.packages.map((name) => name.toLowerCase())))
    const tests = (descriptor.outputType ?? '').toLowerCase() === 'tests' || project.testCasePaths.length > 0
    const findings: ProjectRawFinding[] = []
    for (const dependency of descriptor.dependencies) {
      const known = uipathPackage(dependency.name)
      if (known === undefined || known.supplies !== undefined) continue
      const lower = known.name.toLowerCase()
      if (used.has(lower) || (tests && lower === TESTING)) continue
      findings.push({
        path: 'project.json',
        line: jsonKeyLine(project.projectJsonText, dependency.name),
        column: 1,
        activity: 'project.json',
        message: `${dependency.name} ${dependency.versionRange} is declared, but no workflow uses an activity or type of it.`,
      })
    }
    return findings
  },
})
