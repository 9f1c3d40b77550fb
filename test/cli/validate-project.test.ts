/**
 * `flowcerta validate` on a whole project, as a real child process: a folder with project.json
 * and the same project zipped are one result each (equal findings), SARIF points at the files
 * with fingerprints, `--baseline` reports and fails only on new findings, hostile archives are
 * refused with their code.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CORPUS_DIR } from '../../src/analysis/rules/rule-test-kit.js'
import { buildTestZip } from '../../src/input/archive/test-zip-writer.js'
import { copyTree } from '../helpers/copy-tree.js'
import { runCli } from '../helpers/run-cli.js'

interface JsonFinding {
  ruleId: string
  location: string
  path: string
  fingerprint: string
  category: string
}
interface JsonReport {
  results: Array<{ fileName: string; findings: JsonFinding[]; passed: boolean }>
}

let work: string
let project: string

function zipTree(root: string): Buffer {
  const entries: Array<{ name: string; data: Buffer }> = []
  const walk = (dir: string) => {
    for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, item.name)
      if (item.isDirectory()) walk(full)
      else
        entries.push({
          name: path.relative(root, full).split(path.sep).join('/'),
          data: fs.readFileSync(full),
        })
    }
  }
  walk(root)
  return buildTestZip(entries)
}

const keys = (report: JsonReport) =>
  (report.results[0]?.findings ?? []).map((finding) => `${finding.ruleId} ${finding.location}`).sort()

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'flowcerta-validate-project-'))
  project = path.join(work, 'ReFramework')
  copyTree(path.join(CORPUS_DIR, 'uipath-reframework-2019'), project)
})
afterAll(() => fs.rmSync(work, { recursive: true, force: true }))

describe('flowcerta validate <project>', () => {
  it('a folder with project.json is one result: project rules included, locations inside the project', async () => {
    const run = await runCli(['validate', project, '--format', 'json', '--fail-on', 'never'])
    expect(run.code, run.stderr).toBe(0)
    const report = JSON.parse(run.stdout) as JsonReport
    expect(report.results).toHaveLength(1)
    const findings = report.results[0]?.findings ?? []
    expect(findings.some((finding) => finding.category === 'project')).toBe(true)
    for (const finding of findings)
      expect(finding.location).toBe(`${finding.path}:${finding.location.split(':').at(-1)}`)
    expect(findings.map((finding) => finding.path)).toContain('Tests/RunAllTests.xaml')
  })

  it('the same project zipped gives the same findings', async () => {
    const archive = path.join(work, 'ReFramework.zip')
    fs.writeFileSync(archive, zipTree(project))
    const folder = JSON.parse(
      (await runCli(['validate', project, '--format', 'json', '--fail-on', 'never'])).stdout,
    ) as JsonReport
    const zipped = await runCli(['validate', archive, '--format', 'json', '--fail-on', 'never'])
    expect(zipped.code, zipped.stderr).toBe(0)
    expect(keys(JSON.parse(zipped.stdout) as JsonReport)).toEqual(keys(folder))
  })

  it('SARIF points at each file of the project (absolute file:// outside the working folder) with fingerprints', async () => {
    const run = await runCli(['validate', project, '--format', 'sarif', '--fail-on', 'never'])
    const log = JSON.parse(run.stdout)
    const results = log.runs[0].results as Array<{
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }>
      partialFingerprints: Record<string, string>
    }>
    expect(results.length).toBeGreaterThan(0)
    for (const result of results) {
      const artifact = result.locations[0]?.physicalLocation.artifactLocation
      expect(artifact?.uriBaseId).toBeUndefined()
      expect(artifact?.uri.startsWith(`${pathToFileURL(project).href}/`)).toBe(true)
      expect(Object.values(result.partialFingerprints)[0]).toMatch(/^[0-9a-f]{32}(:\d+)?$/)
    }
  })

  it('--baseline reports and fails only on findings that are not in the earlier report', async () => {
    const baselineFile = path.join(work, 'baseline.json')
    const first = await runCli([
      'validate',
      project,
      '--format',
      'json',
      '--fail-on',
      'any',
      '--output',
      baselineFile,
    ])
    expect(first.code, first.stderr).toBe(0) // the template passes its pack, with findings
    expect(
      (JSON.parse(fs.readFileSync(baselineFile, 'utf8')) as JsonReport).results[0]?.findings.length,
    ).toBeGreaterThan(5)
    const same = await runCli([
      'validate',
      project,
      '--format',
      'json',
      '--fail-on',
      'any',
      '--baseline',
      baselineFile,
    ])
    expect(same.code, same.stderr).toBe(0)
    expect((JSON.parse(same.stdout) as JsonReport).results[0]?.findings).toEqual([])

    // Lines moved (nothing new) and one hardcoded URL added (one new finding).
    const main = path.join(project, 'Main.xaml')
    const text = fs.readFileSync(main, 'utf8')
    fs.writeFileSync(main, text.replace('<Activity ', '\n\n<Activity '))
    expect(
      (
        await runCli([
          'validate',
          project,
          '--format',
          'json',
          '--fail-on',
          'any',
          '--baseline',
          baselineFile,
        ])
      ).code,
    ).toBe(0)
    const sequenceEnd = text.lastIndexOf('</Sequence>')
    fs.writeFileSync(
      main,
      `${text.slice(0, sequenceEnd)}<ui:OpenBrowser DisplayName="Open CRM" Url="https://crm.example.com/app" />${text.slice(sequenceEnd)}`,
    )
    const changed = await runCli([
      'validate',
      project,
      '--format',
      'json',
      '--fail-on',
      'any',
      '--baseline',
      baselineFile,
    ])
    expect(changed.code).toBe(1)
    const fresh = (JSON.parse(changed.stdout) as JsonReport).results[0]?.findings ?? []
    expect(fresh.map((finding) => `${finding.ruleId} ${finding.path}`)).toEqual(['FC-UIP-HCD-002 Main.xaml'])
    fs.writeFileSync(main, text)
  })

  it('a hostile archive is refused with its code (exit 2), and a bad baseline is a usage error', async () => {
    const archive = path.join(work, 'evil.zip')
    fs.writeFileSync(archive, buildTestZip([{ name: '../../evil.xaml', data: '<Activity/>' }]))
    const run = await runCli(['validate', archive])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('ARCHIVE_UNSAFE_PATH')
    const missing = await runCli(['validate', project, '--baseline', path.join(work, 'nope.json')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('--baseline')
  })
})
