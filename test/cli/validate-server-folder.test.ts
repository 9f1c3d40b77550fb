/**
 * `flowcerta validate <folder> --server` (the built CLI, a real process) against a real listening
 * Flowcerta API on both engines, for folders of other platforms: each folder goes as ONE zip
 * (`<folder>.zip`, what the CLI read and what it listed as skipped), the server tells its platform
 * by content and stores one result, whose findings are the ones the local run reports; its
 * `validation.completed` event names the platform; an approved exception waives a Blue Prism
 * finding in the report; a pack of another platform and a mixed folder stop the run (exit 2).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/run-cli.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'
import { approvedFindingException, countValidations, orgEvents } from '../helpers/validation-test-kit.js'
import { type FolderInputs, writeFolderInputs } from './folder-inputs.js'

interface JsonReport {
  results: Array<{
    fileName: string
    platform: string
    findings: Array<{ ruleId: string; location: string; fingerprint: string; waivedBy: string | null }>
    skipped: Array<{ path: string; reason: string }>
  }>
  errors: Array<{ fileName: string; code: string }>
}

let work: string
let inputs: FolderInputs

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'flowcerta-validate-server-folder-'))
  inputs = await writeFolderInputs(work)
})
afterAll(() => fs.rmSync(work, { recursive: true, force: true }))

const located = (report: JsonReport) =>
  (report.results[0]?.findings ?? []).map(
    (finding) => `${finding.ruleId} ${finding.location} ${finding.fingerprint}`,
  )

describe.each(testEngines())('flowcerta validate <folder> --server on %s', { timeout: 120_000 }, (engine) => {
  let t: TestApp
  let server: string

  beforeAll(async () => {
    t = await openTestApp(engine)
    // The URL the server listens on (an ephemeral port on 127.0.0.1).
    server = await t.app.listen({ host: '127.0.0.1', port: 0 })
  })
  afterAll(async () => {
    await t.close()
  })

  const remote = (args: string[]) =>
    runCli(['validate', ...args, '--server', server, '--format', 'json'], {
      FLOWCERTA_API_KEY: t.orgA.memberKey,
    })
  const local = async (folder: string) => {
    const run = await runCli(['validate', folder, '--format', 'json', '--fail-on', 'never'])
    expect(run.code, run.stderr).toBe(0)
    return JSON.parse(run.stdout) as JsonReport
  }
  const latestEvent = async () => {
    const events = await orgEvents(t, t.orgA.orgId, 'validation.completed')
    return JSON.parse(events.at(-1)?.envelopeJson ?? '{}') as { data: Record<string, unknown> }
  }

  it.each([
    ['an unpacked solution', 'power-automate', () => inputs.solution, 'sol.zip'],
    ["Solution Packager's tree", 'power-automate', () => inputs.approvalsKit, 'kit.zip'],
    ['loose flow JSON', 'power-automate', () => inputs.flows, 'flows.zip'],
    ['a folder of Blue Prism exports', 'blue-prism', () => inputs.bluePrism, 'bp.zip'],
  ])(
    '%s goes as one zip: one stored %s result, the findings of the local run, its event',
    async (_, platform, folder, sent) => {
      const before = await countValidations(t, t.orgA.orgId)
      const run = await remote([folder(), '--label', 'folder', '--fail-on', 'never'])
      expect(run.code, run.stderr).toBe(0)
      const report = JSON.parse(run.stdout) as JsonReport
      expect(report.errors).toEqual([])
      expect(report.results).toHaveLength(1)
      expect(report.results[0]?.platform).toBe(platform)
      expect(await countValidations(t, t.orgA.orgId)).toBe(before + 1)

      const offline = await local(folder())
      expect(located(report)).toEqual(located(offline))
      expect(report.results[0]?.skipped).toEqual(offline.results[0]?.skipped)

      const list = (
        await t.request(t.orgA.memberKey, { method: 'GET', url: '/api/v1/results?label=folder' })
      ).json()
      expect(list.items[0]).toMatchObject({ fileName: sent, platform, label: 'folder' })
      const event = await latestEvent()
      expect(event.data).toMatchObject({ platform, fileName: sent })
    },
  )

  it('an approved exception waives a Blue Prism finding of a folder in the report', async () => {
    const first = JSON.parse((await remote([inputs.bluePrism, '--fail-on', 'never'])).stdout) as JsonReport
    const target = first.results[0]?.findings.find((finding) => finding.waivedBy === null)
    if (target === undefined) throw new Error('the Blue Prism folder has findings')
    const exceptionId = await approvedFindingException(t, target, 'bp.zip')
    const again = JSON.parse((await remote([inputs.bluePrism, '--fail-on', 'never'])).stdout) as JsonReport
    const same = again.results[0]?.findings.find((finding) => finding.fingerprint === target.fingerprint)
    expect(same?.waivedBy).toBe(exceptionId)
  })

  it('a pack of another platform and a mixed folder stop the run (exit 2) and store nothing', async () => {
    const before = await countValidations(t, t.orgA.orgId)
    const pack = await remote([inputs.solution, '--pack', 'blue-prism-general'])
    expect(pack.code).toBe(2)
    expect(pack.stderr).toContain('POLICY_PACK_PLATFORM_MISMATCH')
    const mixed = await remote([inputs.mixed])
    expect(mixed.code).toBe(2)
    expect(mixed.stderr).toContain('MIXED_PLATFORMS')
    expect(await countValidations(t, t.orgA.orgId)).toBe(before)
  })
})
