/**
 * Test helpers for project rules (imported only by `*.test.ts`): a project from XAML snippets
 * (each wrapped like the file rules' snippets, so line N of a snippet is line N of the file), run
 * through the real project analyzer with one rule.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { analyzeProject } from '../analyze-project.js'
import { findCorpus } from '../xaml/test-helpers.js'
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

/**
 * A whole workflow whose root also declares `namespaces` (prefix → URI), for snippets that use
 * `clr-namespace:…;assembly=…` prefixes the standard header does not have. Lines as in wrapWorkflow.
 */
export function workflowWith(namespaces: Readonly<Record<string, string>>, snippet: string) {
  const declarations = Object.entries(namespaces)
    .map(([prefix, uri]) => `xmlns:${prefix}="${uri}" `)
    .join('')
  return { document: wrapWorkflow(snippet).replace('<Activity ', `<Activity ${declarations}`) }
}

/** Folders (relative to the corpus) of every project.json in the shared corpus, sorted. */
function corpusProjectRoots(corpus: string): string[] {
  const roots: string[] = []
  const walk = (dir: string): void => {
    if (existsSync(join(dir, 'project.json'))) roots.push(dir)
    for (const item of readdirSync(dir, { withFileTypes: true }))
      if (item.isDirectory()) walk(join(dir, item.name))
  }
  walk(corpus)
  return roots.sort()
}

/** A corpus project as a submission: its project.json and every `.xaml` not inside a nested project. */
function corpusProjectSource(root: string) {
  const files: Array<{ path: string; content: Buffer }> = []
  const walk = (dir: string): void => {
    for (const item of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, item.name)
      if (item.isDirectory()) {
        if (!existsSync(join(full, 'project.json'))) walk(full)
      } else if (item.name.toLowerCase().endsWith('.xaml'))
        files.push({ path: relative(root, full).split(sep).join('/'), content: readFileSync(full) })
    }
  }
  walk(root)
  files.sort((a, b) => (a.path < b.path ? -1 : 1))
  return { projectJson: readFileSync(join(root, 'project.json')), files }
}

/**
 * The rule's findings on every project of the shared corpus, as `<project folder>: <location> <message>`
 * lines (projects without findings left out), for a test to compare with the reviewed list.
 */
export function corpusProjectFindingsOf(rule: ProjectRule): string[] {
  const corpus = findCorpus()
  if (corpus === undefined)
    throw new Error('the shared corpus is needed for this test (FLOWCERTA_CORPUS_DIR)')
  return corpusProjectRoots(corpus).flatMap((root) => {
    const result = analyzeProject({
      submissionName: 'corpus-project.zip',
      ...corpusProjectSource(root),
      pack: singleRulePack(rule),
    })
    const folder = relative(corpus, root).split(sep).join('/')
    return result.findings
      .filter((finding) => finding.ruleId === rule.ruleId)
      .map((finding) => `${folder}: ${finding.location} ${finding.message}`)
  })
}
