/**
 * FC-UIP-PRJ-008 undeclared-package: a workflow uses an activity (or a type) of a package that
 * project.json does not declare, so the project does not restore it and the workflow does not
 * load. Only names the XAML ties to a package count (element and type namespaces, `ui:` activities
 * the table in src/analysis/project/uipath-packages.ts lists); a word in an expression does not.
 * The rule is quiet when project.json declares no dependency at all (projects from before Studio
 * 2018.1 had none) and when it declares a package the table does not know (a library brings its
 * own dependencies along). One finding per package, at its first use. Doc: docs/rules/FC-UIP-PRJ-008.md.
 */
import { projectPackageUsage } from '../../project/package-usage.js'
import { uipathPackage } from '../../project/uipath-packages.js'
import { defineProjectRule, type ProjectRawFinding } from '../rule.js'

export const undeclaredPackageRule = defineProjectRule({
  ruleId: 'FC-UIP-PRJ-008',
  name: 'undeclared-package',
  category: 'project',
  severity: 'high',
  description: 'A workflow uses an activity package that project.json does not declare.',
  recommendation:
    'Add the package in Manage Packages (it is then listed under dependencies in project.json), or replace the activity.',
  mirrors: [],
  checkProject(project) {
    const dependencies = project.descriptor?.dependencies ?? []
    if (dependencies.length === 0) return []
    const available = new Set<string>()
    for (const dependency of dependencies) {
      const known = uipathPackage(dependency.name)
      if (known === undefined) return []
      available.add(known.name)
      for (const supplied of known.supplies ?? []) available.add(supplied)
    }
    const reported = new Set<string>()
    const findings: ProjectRawFinding[] = []
    for (const use of projectPackageUsage(project.workflows).uses) {
      if (use.via === 'expression' || use.packages.some((name) => available.has(name))) continue
      const key = use.packages.join(' or ')
      if (reported.has(key)) continue
      reported.add(key)
      findings.push({
        path: use.path,
        line: use.line,
        column: use.column,
        activity: use.what,
        message: `Uses ${use.what} from ${key}, which project.json does not declare.`,
      })
    }
    return findings
  },
})
