/**
 * Test helpers for project rules (imported only by `*.test.ts`): a project from XAML snippets
 * (each wrapped like the file rules' snippets, so line N of a snippet is line N of the file), run
 * through the real project analyzer with one rule.
 */
import { analyzeProject } from '../analyze-project.js'
import type { ProjectRule } from './rule.js'
import { singleRulePack, wrapWorkflow } from './rule-test-kit.js'

export interface TestProject {
  /** project.json as an object (serialised with two-space indent) or text; null = none. */
  readonly projectJson: Record<string, unknown> | string | null
  /** Path inside the project → snippet (wrapped) or `{ document }` (used as is). */
  readonly files: Readonly<Record<string, string | { readonly document: string }>>
}

export function projectJsonText(value: TestProject['projectJson']): string | null {
  if (value === null) return null
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2)
}

/** The rule's findings on the project as `{ path, line, message }`, in the analyzer's order. */
export function projectFindingsOf(
  rule: ProjectRule,
  project: TestProject,
  options?: Readonly<Record<string, unknown>>,
) {
  const result = analyzeProject({
    submissionName: 'test-project.zip',
    projectJson: projectJsonText(project.projectJson),
    files: Object.entries(project.files).map(([path, content]) => ({
      path,
      content: typeof content === 'string' ? wrapWorkflow(content) : content.document,
    })),
    pack: singleRulePack(rule, options),
  })
  return result.findings
    .filter((finding) => finding.ruleId === rule.ruleId)
    .map((finding) => ({ path: finding.path, line: finding.line, message: finding.message }))
}
