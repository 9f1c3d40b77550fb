/**
 * `flowcerta validate` (the built CLI) on Blue Prism exports: a release and a zip of exports are
 * each one submission of the platform, by content; findings carry the release's path and a
 * logical location in SARIF; the platform's default pack applies without `--pack`, and a pack of
 * another platform is refused (exit 2, POLICY_PACK_PLATFORM_MISMATCH).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readBluePrismCorpusFile } from '../../src/analysis/blue-prism/blue-prism-test-kit.js'
import { zipFiles } from '../../src/input/archive/zip-writer.js'
import { runCli } from '../helpers/run-cli.js'

const WORD =
  'shmoopysoft-blue-prism-populate-word-document-example/ShmoopySoftPopulateWordDocumentExample.bprelease'
const AGGREGATOR = 'blue-prism-release-aggregator/BPA Process - Blue Prism Release Aggregator - Sample.xml'

let work: string
let release: string
let archive: string

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'flowcerta-blue-prism-'))
  // A name that says nothing: the content decides.
  release = path.join(work, 'word-release.dat')
  fs.writeFileSync(release, readBluePrismCorpusFile(WORD))
  archive = path.join(work, 'exports.zip')
  fs.writeFileSync(
    archive,
    zipFiles([
      { path: 'exports/Word.bprelease', content: readBluePrismCorpusFile(WORD) },
      { path: 'exports/Aggregator.xml', content: readBluePrismCorpusFile(AGGREGATOR) },
    ]),
  )
})
afterAll(() => fs.rmSync(work, { recursive: true, force: true }))

describe('flowcerta validate on Blue Prism exports', () => {
  it('a release is one blue-prism result with the platform default pack; SARIF has logical locations', async () => {
    const run = await runCli(['validate', release, '--format', 'json', '--fail-on', 'never'])
    expect(run.code, run.stderr).toBe(0)
    const report = JSON.parse(run.stdout)
    expect(report.results).toHaveLength(1)
    expect(report.results[0]).toMatchObject({ platform: 'blue-prism', policyPackSlug: 'blue-prism-general' })
    expect(report.results[0].findings.map((finding: { ruleId: string }) => finding.ruleId).sort()).toEqual([
      'FC-BPR-ERR-004',
      'FC-BPR-HCD-002',
      'FC-BPR-HCD-002',
      'FC-BPR-HCD-002',
    ])

    const sarif = await runCli(['validate', release, '--format', 'sarif', '--fail-on', 'never'])
    const log = JSON.parse(sarif.stdout)
    const results = log.runs[0].results as Array<{
      ruleId: string
      locations: Array<{ physicalLocation: { region: unknown }; logicalLocations?: unknown[] }>
    }>
    const located = results.find((result) => result.ruleId === 'FC-BPR-HCD-002')
    expect(located?.locations[0]?.logicalLocations?.[0]).toEqual({
      name: 'vPathToWordTemplate',
      fullyQualifiedName: 'Populate Word Document Process/Main Page/vPathToWordTemplate',
      kind: 'element',
    })
    expect(located?.locations[0]?.physicalLocation.region).toEqual({ startLine: 12, startColumn: 3145 })
  })

  it('a zip of exports is one submission: findings by file inside it', async () => {
    const run = await runCli(['validate', archive, '--format', 'json', '--fail-on', 'never'])
    expect(run.code, run.stderr).toBe(0)
    const [result] = JSON.parse(run.stdout).results
    expect(result.platform).toBe('blue-prism')
    const paths = new Set(result.findings.map((finding: { path: string }) => finding.path))
    expect(paths).toEqual(new Set(['exports/Word.bprelease', 'exports/Aggregator.xml']))
  })

  it('a UiPath pack is refused for a release (exit 2) with its code', async () => {
    const run = await runCli(['validate', release, '--pack', 'uipath-general', '--format', 'json'])
    expect(run.code).toBe(2)
    expect(JSON.parse(run.stdout).errors).toEqual([
      expect.objectContaining({ code: 'POLICY_PACK_PLATFORM_MISMATCH' }),
    ])
  })
})
