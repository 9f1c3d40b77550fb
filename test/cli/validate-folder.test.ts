/**
 * `flowcerta validate <folder>` (the built CLI, a real process) on folders of other platforms:
 * an unpacked Power Automate solution or legacy package, Solution Packager's tree, loose flow JSON
 * and a folder of Blue Prism exports are each ONE submission of their platform, told by content
 * (no folder or file name here says which); a folder gives the same findings as the zip it came
 * from; a folder that mixes platforms, and a pack of another platform, are refused with their codes.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CORPUS_DIR } from '../../src/analysis/rules/rule-test-kit.js'
import { zipFiles } from '../../src/input/archive/zip-writer.js'
import { runCli } from '../helpers/run-cli.js'
import { type FolderInputs, PACKAGE_ZIP, SOLUTION_ZIP, writeFolderInputs } from './folder-inputs.js'

interface Report {
  results: Array<{
    fileName: string
    platform: string
    policyPackSlug: string
    findings: Array<{ ruleId: string; path: string; location: string; fingerprint: string }>
    skipped: Array<{ path: string; reason: string }>
    files: Array<{ path: string; error: unknown }>
    ruleErrors: unknown[]
  }>
  errors: Array<{ fileName: string; code: string; message: string }>
}

let work: string
let inputs: FolderInputs

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'flowcerta-validate-folder-'))
  inputs = await writeFolderInputs(work)
})
afterAll(() => fs.rmSync(work, { recursive: true, force: true }))

async function validateJson(...args: string[]): Promise<Report> {
  const run = await runCli(['validate', ...args, '--format', 'json', '--fail-on', 'never'])
  expect(run.code, run.stderr).toBe(0)
  return JSON.parse(run.stdout) as Report
}

const located = (report: Report) =>
  (report.results[0]?.findings ?? []).map(
    (finding) => `${finding.ruleId} ${finding.location} ${finding.fingerprint}`,
  )

describe('flowcerta validate <folder> of another platform', { timeout: 120_000 }, () => {
  it.each([
    ['solution', () => inputs.solution, SOLUTION_ZIP],
    ['legacy package', () => inputs.package, PACKAGE_ZIP],
  ])('an unpacked %s is one Power Automate result, as its zip gives', async (_, folder, zip) => {
    const fromFolder = await validateJson(folder())
    expect(fromFolder.errors).toEqual([])
    expect(fromFolder.results).toHaveLength(1)
    expect(fromFolder.results[0]).toMatchObject({
      platform: 'power-automate',
      policyPackSlug: 'power-automate-general',
      ruleErrors: [],
    })
    expect(fromFolder.results[0]?.findings.length).toBeGreaterThan(0)
    const fromZip = await validateJson(path.join(CORPUS_DIR, zip))
    expect(located(fromFolder)).toEqual(located(fromZip))
  })

  it("Solution Packager's tree: the flows are analysed, classic Dataverse workflows listed as skipped", async () => {
    const report = await validateJson(inputs.approvalsKit)
    const [result] = report.results
    expect(result?.platform).toBe('power-automate')
    expect(result?.ruleErrors).toEqual([])
    const classic = result?.skipped.filter((entry) => entry.path.endsWith('.xaml')) ?? []
    expect(classic).toEqual([
      {
        path: 'src/Workflows/IsCancellationRuleSetOverrideApprover-EF77A2CD-5BB5-EC11-983E-000D3A09CEC6.xaml',
        reason: 'classic Dataverse workflow (XAML), not a cloud flow: not analysed',
      },
    ])
    // Paths inside the solution root (src/, where Other/Solution.xml is), as the analyzer names them.
    expect(new Set(result?.findings.map((finding) => finding.path.split('/')[0]))).toEqual(
      new Set(['Workflows']),
    )
  })

  it('loose flow JSON: every JSON that is a flow, wherever it is; other JSON is not', async () => {
    const [result] = (await validateJson(inputs.flows)).results
    expect(result?.platform).toBe('power-automate')
    expect(new Set(result?.findings.map((finding) => finding.path))).toEqual(
      new Set(['first.json', 'more/second.json']),
    )
    expect(result?.skipped).toContainEqual(expect.objectContaining({ path: 'settings.json' }))
  })

  it('a folder of Blue Prism exports is one result; XML that is no export is skipped', async () => {
    const report = await validateJson(inputs.bluePrism)
    const [result] = report.results
    expect(result).toMatchObject({
      platform: 'blue-prism',
      policyPackSlug: 'blue-prism-general',
      ruleErrors: [],
    })
    expect(new Set(result?.findings.map((finding) => finding.path))).toEqual(
      new Set(['Word.bprelease', 'exports/Aggregator.xml']),
    )
    // The object is read (its file is listed with no error) and has no finding.
    expect(result?.files.map((file) => `${file.path} ${file.error}`).sort()).toEqual([
      'Word.bprelease null',
      'exports/Aggregator.xml null',
      'exports/FileManagement.xml null',
    ])
    expect(result?.skipped).toEqual([
      { path: 'exports/notes.xml', reason: 'not a Blue Prism release, process or object export' },
    ])
  })

  it('SARIF of a folder points at the files inside it, with logical locations', async () => {
    const run = await runCli(['validate', inputs.solution, '--format', 'sarif', '--fail-on', 'never'])
    expect(run.code, run.stderr).toBe(0)
    const [first] = JSON.parse(run.stdout).runs[0].results as Array<{
      locations: Array<{
        physicalLocation: { artifactLocation: { uri: string } }
        logicalLocations?: Array<{ fullyQualifiedName: string; kind: string }>
      }>
    }>
    expect(first?.locations[0]?.physicalLocation.artifactLocation.uri).toMatch(/Workflows\/[^/]+\.json$/)
    expect(first?.locations[0]?.logicalLocations?.[0]?.kind).toBe('object')
  })

  it('two folders of two platforms in one run: one result each', async () => {
    const report = await validateJson(inputs.package, inputs.bluePrism)
    expect(report.results.map((result) => result.platform)).toEqual(['power-automate', 'blue-prism'])
  })

  it('a folder that mixes platforms is refused with MIXED_PLATFORMS (exit 2), naming a file of each', async () => {
    const run = await runCli(['validate', inputs.mixed, '--format', 'json'])
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain('MIXED_PLATFORMS')
    expect(run.stderr).toContain('UiPath (Main.xaml)')
    expect(run.stderr).toContain('Blue Prism (Word.bprelease)')

    // A UiPath project folder holding a flow too: refused, not validated as a project.
    const project = await runCli(['validate', inputs.mixedProject, '--format', 'json'])
    expect(project.code).toBe(2)
    expect(project.stderr).toContain('MIXED_PLATFORMS')
    expect(project.stderr).toContain('Power Automate (Framework/flow.json)')
  })

  it('a zip that mixes platforms is refused locally as the folder is (exit 2, MIXED_PLATFORMS)', async () => {
    // The UiPath project folder holding a flow, zipped: read locally (no --server), it is refused
    // as the API refuses it, not validated as a UiPath project.
    const files = fs
      .readdirSync(inputs.mixedProject, { recursive: true, encoding: 'utf8' })
      .map((name) => name.split(path.sep).join('/'))
      .filter((name) => fs.statSync(path.join(inputs.mixedProject, name)).isFile())
      .sort()
    const archive = path.join(work, 'mixedProject.zip')
    fs.writeFileSync(
      archive,
      zipFiles(
        files.map((name) => ({ path: name, content: fs.readFileSync(path.join(inputs.mixedProject, name)) })),
      ),
    )
    const run = await runCli(['validate', archive, '--format', 'json'])
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain('MIXED_PLATFORMS')
    expect(run.stderr).toContain('UiPath (')
    expect(run.stderr).toContain('Power Automate (Framework/flow.json)')
  })

  it('a pack of another platform is refused for a folder (exit 2, POLICY_PACK_PLATFORM_MISMATCH)', async () => {
    const run = await runCli([
      'validate',
      inputs.bluePrism,
      '--pack',
      'power-automate-general',
      '--format',
      'json',
    ])
    expect(run.code).toBe(2)
    expect((JSON.parse(run.stdout) as Report).errors).toEqual([
      expect.objectContaining({ code: 'POLICY_PACK_PLATFORM_MISMATCH' }),
    ])
  })

  it('a folder with no workflow of any platform is a usage error', async () => {
    const empty = path.join(work, 'nothing')
    fs.mkdirSync(empty)
    fs.writeFileSync(path.join(empty, 'readme.json'), '{"hello": "world"}')
    const run = await runCli(['validate', empty])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('no workflows in')
  })

  it('links inside a folder are not followed', async () => {
    const linked = path.join(work, 'linked')
    fs.mkdirSync(linked)
    fs.copyFileSync(path.join(inputs.flows, 'first.json'), path.join(linked, 'first.json'))
    fs.symlinkSync(inputs.bluePrism, path.join(linked, 'elsewhere'))
    fs.symlinkSync(path.join(inputs.flows, 'more/second.json'), path.join(linked, 'second.json'))
    const [result] = (await validateJson(linked)).results
    expect(result?.platform).toBe('power-automate')
    expect(new Set(result?.findings.map((finding) => finding.path))).toEqual(new Set(['first.json']))
  })
})
