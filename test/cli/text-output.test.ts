/**
 * Issue 16 leftover: `flowcerta validate --format text` (the default) on a result of several files
 * — a UiPath project, a Power Automate solution, a folder of Blue Prism exports — says which file
 * each finding is in: one block per file under its path, findings at their line:column, as
 * eslint's stylish output does. Every finding of the JSON report is found in the text under its
 * own file. A single file's output is as before: its findings right under its result line.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CORPUS_DIR } from '../../src/analysis/rules/rule-test-kit.js'
import { copyTree } from '../helpers/copy-tree.js'
import { runCli } from '../helpers/run-cli.js'
import { APPROVALS_KIT, WORD_RELEASE } from './folder-inputs.js'

interface JsonReport {
  results: Array<{
    fileName: string
    findings: Array<{ ruleId: string; line: number; column: number; path?: string }>
  }>
}

const FINDING = /^(\s+)(\d+):(\d+)\s+(critical|high|medium|low)\s+(\S+)\s/

/** The findings of a text report as `file | line:column rule`, the file being the block's heading. */
function textFindings(text: string, resultName: string): string[] {
  const found: string[] = []
  let file = resultName
  for (const line of text.split('\n')) {
    const finding = FINDING.exec(line)
    if (finding !== null) {
      // Under a file's heading the findings are indented further than the heading.
      found.push(`${finding[1] === '    ' ? file : resultName} | ${finding[2]}:${finding[3]} ${finding[5]}`)
    } else if (/^ {2}\S/.test(line) && !/^ {2}(skipped|rule error|ERROR)\b/.test(line)) {
      file = line.trim()
    } else if (/^\S/.test(line)) file = resultName
  }
  return found.sort()
}

function jsonFindings(report: JsonReport): string[] {
  return report.results
    .flatMap((result) =>
      result.findings.map(
        (finding) =>
          `${finding.path !== undefined && finding.path !== result.fileName ? finding.path : result.fileName} | ${finding.line}:${finding.column} ${finding.ruleId}`,
      ),
    )
    .sort()
}

let work: string
const inputs: Record<string, string> = {}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'flowcerta-text-output-'))
  inputs.project = path.join(work, 'ReFramework')
  copyTree(path.join(CORPUS_DIR, 'uipath-reframework-2019'), inputs.project)
  // Read in place: an unpacked solution of many flows, a folder of two Blue Prism exports.
  inputs.solution = path.join(CORPUS_DIR, APPROVALS_KIT)
  inputs.bluePrism = path.join(CORPUS_DIR, 'blue-prism-release-aggregator')
})
afterAll(() => fs.rmSync(work, { recursive: true, force: true }))

describe('flowcerta validate --format text names the file of each finding', () => {
  it.each(['project', 'solution', 'bluePrism'])(
    'a %s: each finding under the heading of its own file, as in the JSON report',
    async (input) => {
      const target = inputs[input] as string
      const [text, json] = await Promise.all([
        runCli(['validate', target, '--fail-on', 'never']),
        runCli(['validate', target, '--format', 'json', '--fail-on', 'never']),
      ])
      expect(text.code, text.stderr).toBe(0)
      const report = JSON.parse(json.stdout) as JsonReport
      expect(report.results).toHaveLength(1)
      const resultName = report.results[0]?.fileName ?? ''
      const expected = jsonFindings(report)
      // More than one file with findings: the case this is about.
      expect(new Set(expected.map((key) => key.split(' | ')[0])).size).toBeGreaterThan(1)
      expect(textFindings(text.stdout, resultName)).toEqual(expected)
    },
  )

  it('a single Blue Prism release (several processes, one file): no file heading', async () => {
    const release = path.join(CORPUS_DIR, WORD_RELEASE)
    const run = await runCli(['validate', release, '--fail-on', 'never'])
    const lines = run.stdout.split('\n')
    expect(lines[0]).toContain(`${path.basename(release)}  PASS`)
    expect(lines[1]).toMatch(/^ {2}\d+:\d+ +medium +FC-BPR-/)
  })

  it('a single file: its findings right under its result line, no file heading', async () => {
    const file = path.join(inputs.project as string, 'Process.xaml')
    const run = await runCli(['validate', file, '--fail-on', 'never'])
    const lines = run.stdout.split('\n')
    expect(lines[0]).toMatch(/Process\.xaml {2}PASS {2}score \d+\/100/)
    expect(lines[1]).toMatch(/^ {2}\d+:\d+ {2}low {7}FC-UIP-MNT-004 {2}Empty sequence/)
  })
})
