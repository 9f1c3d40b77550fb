/**
 * Tests only (left out of dist/): the Blue Prism files of the shared corpus, a snippet wrapper,
 * and a rule runner with exact expectations.
 *
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { expect } from 'vitest'
import type { ProjectAnalysisResult } from '../analyze-project.js'
import { getPolicyPack } from '../packs/policy-packs.js'
import { analyzeSubmission } from '../platform-analyzer.js'
import type { ProjectRawFinding, SubmissionRule } from '../rules/rule.js'
import { resolveRuleOptions } from '../rules/rule-options.js'
import { CORPUS_DIR } from '../rules/rule-test-kit.js'
import { bluePrismAnalyzer } from './blue-prism-analyzer.js'
import { BLUE_PRISM_CORPUS_FOLDERS } from './blue-prism-corpus-folders.js'
import type { BluePrismModel } from './blue-prism-model.js'
import { readBluePrismFile } from './read-blue-prism.js'

/** Every Blue Prism export of the corpus, relative to CORPUS_DIR, sorted. */
export { BLUE_PRISM_CORPUS_FOLDERS }

export function bluePrismCorpusFiles(): string[] {
  return BLUE_PRISM_CORPUS_FOLDERS.flatMap((folder) =>
    readdirSync(join(CORPUS_DIR, folder), { recursive: true, encoding: 'utf8' })
      .filter((name) => /\.(xml|bprelease|bpprocess|bpobject)$/i.test(name))
      .map((name) => relative(CORPUS_DIR, join(CORPUS_DIR, folder, name)).replaceAll('\\', '/')),
  ).sort()
}

export function readBluePrismCorpusFile(path: string): Buffer {
  return readFileSync(join(CORPUS_DIR, path))
}

/** A corpus file analysed with the blue-prism-general pack. */
export function analyzeBluePrismCorpusFile(path: string): ProjectAnalysisResult {
  const pack = getPolicyPack('blue-prism-general')
  if (pack === undefined) throw new Error('no blue-prism-general pack')
  return analyzeSubmission(
    bluePrismAnalyzer,
    { submissionName: path, files: [{ path, content: readBluePrismCorpusFile(path) }], skipped: [] },
    { pack },
  )
}

/**
 * A process export around `stages` (XML of `<stage>` elements and `<subsheet>`s), written so that
 * the first line of `body` is line 2 of the file: the lines you see in a test are the lines asserted.
 */
export function processXml(body: string, attributes = ''): string {
  return `<process name="Test Process" version="1.0" bpversion="6.10.1" ${attributes}>\n${body}\n</process>`
}

/** A release holding `contents` (process/object wrappers, environment variables…), contents from line 3. */
export function releaseXml(contents: string): string {
  return `<bpr:release xmlns:bpr="http://www.blueprism.co.uk/product/release"><bpr:name>Test Release</bpr:name>\n<bpr:contents>\n${contents}\n</bpr:contents></bpr:release>`
}

/** The model of one file's text, named `Test.bpprocess`. */
export function bluePrismModel(text: string, path = 'Test.bpprocess'): BluePrismModel {
  return readBluePrismFile(text, path)
}

export interface ExpectedBluePrismFinding {
  readonly line: number
  readonly column?: number
  readonly activity?: string
  readonly message?: string | RegExp
  readonly logicalLocation?: string
}

/** The rule's raw findings on one file's text, with its default options (or `options`). */
export function bluePrismFindings(
  rule: SubmissionRule<BluePrismModel>,
  text: string,
  options?: Record<string, unknown>,
): readonly ProjectRawFinding[] {
  return rule.checkSubmission(bluePrismModel(text), {
    options: resolveRuleOptions(rule.options, options, rule.ruleId),
  })
}

/** Asserts exactly these findings (by line; other fields when given), in document order. */
export function expectBluePrismFindings(
  rule: SubmissionRule<BluePrismModel>,
  text: string,
  expected: readonly ExpectedBluePrismFinding[],
  options?: Record<string, unknown>,
): void {
  const found = [...bluePrismFindings(rule, text, options)].sort(
    (a, b) => a.line - b.line || a.column - b.column,
  )
  expect(found.map((finding) => finding.line)).toEqual(expected.map((item) => item.line))
  expected.forEach((item, index) => {
    const finding = found[index]
    if (item.column !== undefined) expect(finding?.column).toBe(item.column)
    if (item.activity !== undefined) expect(finding?.activity).toBe(item.activity)
    if (item.message instanceof RegExp) expect(finding?.message).toMatch(item.message)
    else if (item.message !== undefined) expect(finding?.message).toBe(item.message)
    if (item.logicalLocation !== undefined)
      expect(finding?.logicalLocation?.fullyQualifiedName).toBe(item.logicalLocation)
  })
}
