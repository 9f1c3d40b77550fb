/**
 * `flowcerta validate --server` as a real child process against a real listening Flowcerta API on
 * both engines: the project is sent as one archive and stored (with its event), the org's
 * approved exceptions apply, labels are kept, refused files fail the run, bad keys stop it, and
 * the key is never printed.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CORPUS_DIR } from '../../src/analysis/rules/rule-test-kit.js'
import { copyTree } from '../helpers/copy-tree.js'
import { runCli } from '../helpers/run-cli.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'
import { approvedFindingException, countValidations, orgEvents } from '../helpers/validation-test-kit.js'

interface JsonReport {
  results: Array<{
    fileName: string
    passed: boolean
    findings: Array<{
      ruleId: string
      location: string
      fingerprint: string
      waivedBy: string | null
      path?: string
    }>
  }>
  errors: Array<{ fileName: string; code: string }>
}

describe.each(testEngines())('flowcerta validate --server on %s', (engine) => {
  let t: TestApp
  let server: string
  let work: string
  let project: string

  beforeAll(async () => {
    t = await openTestApp(engine)
    await t.app.listen({ host: '127.0.0.1', port: 0 })
    const address = t.app.server.address()
    if (address === null || typeof address === 'string') throw new Error('no address')
    server = `http://127.0.0.1:${address.port}`
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'flowcerta-validate-server-'))
    project = path.join(work, 'ReFramework')
    copyTree(path.join(CORPUS_DIR, 'uipath-reframework-2019'), project)
  })
  afterAll(async () => {
    await t.close()
    fs.rmSync(work, { recursive: true, force: true })
  })

  const remote = (args: string[], key: string | undefined = t.orgA.memberKey) =>
    runCli(['validate', ...args, '--server', server, '--format', 'json'], { FLOWCERTA_API_KEY: key })

  it('sends a project as one archive: the stored result is what the CLI reports, with its event', async () => {
    const run = await remote([project, '--label', 'main', '--fail-on', 'never'])
    expect(run.code, run.stderr).toBe(0)
    expect(`${run.stdout}${run.stderr}`).not.toContain(t.orgA.memberKey)
    const report = JSON.parse(run.stdout) as JsonReport
    expect(report.results).toHaveLength(1)
    expect(await countValidations(t, t.orgA.orgId)).toBe(1)
    const list = (await t.request(t.orgA.memberKey, { method: 'GET', url: '/api/v1/results' })).json()
    expect(list.items[0]).toMatchObject({ fileName: 'ReFramework.zip', label: 'main', projectName: null })
    const stored = (
      await t.request(t.orgA.memberKey, {
        method: 'GET',
        url: `/api/v1/results/${list.items[0].validationId}`,
      })
    ).json()
    expect(report.results[0]?.findings.map((finding) => `${finding.ruleId} ${finding.location}`)).toEqual(
      stored.findings.map(
        (finding: { ruleId: string; location: string }) => `${finding.ruleId} ${finding.location}`,
      ),
    )
    expect(await orgEvents(t, t.orgA.orgId, 'validation.completed')).toHaveLength(1)
  })

  it("applies the org's approved exceptions: a finding waived on the server is waived in the report", async () => {
    const first = JSON.parse((await remote([project, '--fail-on', 'never'])).stdout) as JsonReport
    const target = first.results[0]?.findings.find((finding) => finding.waivedBy === null)
    if (target === undefined) throw new Error('the template has findings')
    const exceptionId = await approvedFindingException(t, target, 'ReFramework.zip')
    const again = JSON.parse((await remote([project, '--fail-on', 'never'])).stdout) as JsonReport
    const same = again.results[0]?.findings.find((finding) => finding.fingerprint === target.fingerprint)
    expect(same?.waivedBy).toBe(exceptionId)
  })

  it('a file the server refuses as not a workflow is a failing input (exit 1); plain files go one by one', async () => {
    const broken = path.join(work, 'Broken.xaml')
    fs.writeFileSync(
      broken,
      '<Activity xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities"><Sequence>',
    )
    const clean = path.join(work, 'Clean.xaml')
    fs.writeFileSync(
      clean,
      '<Activity xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities"><Sequence DisplayName="Work" /></Activity>',
    )
    const run = await remote([broken, clean])
    expect(run.code, run.stderr).toBe(1)
    const report = JSON.parse(run.stdout) as JsonReport
    expect(report.errors.map((error) => error.code)).toEqual(['XAML_PARSE_ERROR'])
    expect(report.results).toHaveLength(1)
  })

  it('stops with exit 2 without a key, with a bad key (the key never printed), and for an unknown pack', async () => {
    const none = await runCli(['validate', project, '--server', server], { FLOWCERTA_API_KEY: '' })
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('FLOWCERTA_API_KEY')
    const badKey = 'fc_notARealKeyButLongEnoughToLookLikeOne0123456789'
    const bad = await remote([project], badKey)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/AUTH_INVALID|AUTH_REQUIRED/)
    expect(`${bad.stdout}${bad.stderr}`).not.toContain(badKey)
    const pack = await runCli(['validate', project, '--server', server, '--pack', 'nope'], {
      FLOWCERTA_API_KEY: t.orgA.memberKey,
    })
    expect(pack.code).toBe(2)
    expect(pack.stderr).toContain('unknown policy pack')
  })
})
