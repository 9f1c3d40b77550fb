/**
 * Test helpers for rule tests (imported only by `*.test.ts`).
 *
 * `expectFindings(rule, snippet, [{ ruleId, line }])` wraps a XAML snippet in a minimal valid
 * workflow, runs the rule through the real analyzer (reader, pack resolution, options, appliesTo)
 * and asserts the exact list of findings, in order of line then column.
 *
 * Line numbers are the snippet's own: the workflow header is written on the same line as the
 * snippet's first line, so **line 1 is the first line after the opening backtick** (one leading
 * newline is dropped) and every line number in an expectation is the line you see in the test.
 * Columns are exact from line 2 on (line 1 is shifted by the header), so prefer a first line
 * that is not itself expected to be reported when you assert columns.
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type AnalysisResult, analyzeWorkflow, type Finding } from '../analyze.js'
import type { PolicyPack } from '../packs/policy-pack.js'
import { getDefaultSeverityWeights } from '../packs/policy-packs.js'
import { findCorpus, NON_UIPATH_CORPUS_FILES, workflowHeader } from '../xaml/test-helpers.js'
import type { Rule } from './rule.js'
import { resolveRuleOptions } from './rule-options.js'

/**
 * The root element the snippet is wrapped in, on one line: `Activity` with the namespace
 * prefixes UiPath files use (xaml/test-helpers.ts NS_DECLS: default = WF activities, `x`, `s`,
 * `scg`, `sap`, `sap2010`, `mc`, `ui`, `uix`, `mca`). Snippets may use any of these prefixes
 * without declaring them.
 */
export const WORKFLOW_HEADER = workflowHeader('RuleTest', 'mc:Ignorable="sap sap2010"')

/** Closes {@link WORKFLOW_HEADER}. */
export const WORKFLOW_FOOTER = '\n</Activity>\n'

/** Wraps a snippet so that snippet line N is file line N (see the module doc). */
export function wrapWorkflow(snippet: string): string {
  return `${WORKFLOW_HEADER}${snippet.replace(/^\r?\n/, '')}${WORKFLOW_FOOTER}`
}

export interface RuleTestOptions {
  /** Option overrides, as a pack would write them (validated like a pack's). */
  readonly options?: Readonly<Record<string, unknown>>
  /** File name for locations; default `Test.xaml`. */
  readonly fileName?: string
  /** Project-relative path for `appliesTo`; default = fileName. */
  readonly relativePath?: string
  /** Treat `snippet` as a whole document (no wrapping), e.g. a corpus file's text. */
  readonly document?: boolean
}

/** What a test expects of one finding: ruleId and line always, other fields when given. */
export interface ExpectedFinding {
  readonly ruleId: string
  readonly line: number
  readonly column?: number
  readonly activity?: string
  readonly message?: string | null
}

/** A one-rule pack with the rule's default severity and the given options. */
export function singleRulePack(rule: Rule, options?: Readonly<Record<string, unknown>>): PolicyPack {
  return {
    slug: 'rule-test',
    name: 'Rule test',
    description: '',
    platform: 'uipath',
    enforcementMode: 'blocking',
    passThreshold: 70,
    weights: getDefaultSeverityWeights(),
    rules: [
      { rule, severity: rule.severity, options: resolveRuleOptions(rule.options, options, rule.ruleId) },
    ],
  }
}

/** Runs one rule on a snippet (wrapped) or document and returns the whole analysis result. */
export function analyzeWithRule(rule: Rule, snippet: string, test: RuleTestOptions = {}): AnalysisResult {
  const fileName = test.fileName ?? 'Test.xaml'
  const result = analyzeWorkflow({
    content: test.document ? snippet : wrapWorkflow(snippet),
    fileName,
    relativePath: test.relativePath ?? fileName,
    pack: singleRulePack(rule, test.options),
  })
  if (result.ruleErrors.length > 0) {
    throw new Error(`${rule.ruleId} threw: ${result.ruleErrors.map((error) => error.message).join('; ')}`)
  }
  return result
}

/** The rule's findings on a snippet, ordered by line then column. */
export function findingsOf(rule: Rule, snippet: string, test: RuleTestOptions = {}): Finding[] {
  return [...analyzeWithRule(rule, snippet, test).findings].sort(
    (a, b) => a.line - b.line || a.column - b.column,
  )
}

/** Asserts the exact findings (count, order, ruleId, line, and any other field given). */
export function expectFindings(
  rule: Rule,
  snippet: string,
  expected: readonly ExpectedFinding[],
  test: RuleTestOptions = {},
): void {
  const actual = findingsOf(rule, snippet, test).map((finding, index) => {
    const wanted = expected[index]
    const picked: Record<string, unknown> = { ruleId: finding.ruleId, line: finding.line }
    for (const key of ['column', 'activity', 'message'] as const) {
      if (wanted && key in wanted) picked[key] = finding[key]
    }
    return picked
  })
  expect(actual).toEqual(expected)
}

/**
 * The shared corpus of real UiPath projects (see shared/corpus/README.md), as findCorpus locates
 * it; when it is missing, the path it was expected at (tests that need it then fail on reading).
 */
export const CORPUS_DIR = findCorpus() ?? resolve(process.cwd(), '../shared/corpus')

/**
 * UiPath `.xaml` files under a corpus folder, as paths relative to {@link CORPUS_DIR}; [] if absent.
 * Other platforms' `.xaml` files (NON_UIPATH_CORPUS_FILES: the reader refuses them) are left out.
 */
export function corpusFiles(folder = ''): string[] {
  const root = join(CORPUS_DIR, folder)
  if (!existsSync(root)) return []
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.toLowerCase().endsWith('.xaml'))
    .map((name) => relative(CORPUS_DIR, join(root, name)).replaceAll('\\', '/'))
    .filter((path) => NON_UIPATH_CORPUS_FILES[path] === undefined)
    .sort()
}

/** A corpus file's text (UTF-8, BOM removed). */
export function readCorpusFile(path: string): string {
  return readFileSync(join(CORPUS_DIR, path), 'utf8').replace(/^\uFEFF/, '')
}

/**
 * Reviewed real hits of a rule in the corpus: corpus path → the lines it must report there. Every
 * entry was read at its line and judged a true finding; say why in a comment beside it.
 */
export type CorpusHits = Readonly<Record<string, readonly number[]>>

/** A test that the rule reports exactly `lines` (none when empty) in corpus file `file`. */
function itReportsCorpusLines(rule: Rule, file: string, lines: readonly number[]): void {
  it(`reports ${lines.length === 0 ? 'nothing' : `line ${lines.join(', ')}`} in ${file}`, () => {
    expectFindings(
      rule,
      readCorpusFile(file),
      lines.map((line) => ({ ruleId: rule.ruleId, line })),
      { document: true, fileName: file },
    )
  })
}

/**
 * One test per corpus file (default: every UiPath file): the rule reports exactly the lines that
 * `hits` lists for the file, and nothing in every other file; plus a test that each listed file is
 * in the corpus, so a stale entry cannot pass silently. Skipped when the corpus is absent.
 */
export function describeCorpusFindings(
  rule: Rule,
  title: string,
  hits: CorpusHits,
  files: readonly string[] = corpusFiles(),
): void {
  describe.skipIf(files.length === 0)(title, () => {
    it('lists real hits only for files that are in the corpus', () => {
      const present = new Set(files)
      expect(Object.keys(hits).filter((file) => !present.has(file))).toEqual([])
    })
    for (const file of files) itReportsCorpusLines(rule, file, hits[file] ?? [])
  })
}

/**
 * One test per corpus file of `files` that the rule reports nothing there (e.g. the REFramework
 * that passes UiPath's own Workflow Analyzer: `corpusFiles('k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer')`).
 * Skipped when none of the files is there (the corpus is absent).
 */
export function describeNothingInCorpus(rule: Rule, title: string, files: readonly string[]): void {
  describe.skipIf(files.length === 0)(title, () => {
    for (const file of files) itReportsCorpusLines(rule, file, [])
  })
}
