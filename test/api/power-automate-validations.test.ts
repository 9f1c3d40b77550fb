/**
 * Power Automate through the real service on both engines (issue 16): a real `flowcerta serve
 * --role all` (API and delivery workers), a webhook created through the API, and one of the
 * spec's receivers (test/receivers: the Express and the Flask receiver, each verifying
 * X-Flowcerta-Signature as the spec says) on 127.0.0.1. A corpus solution zip and a legacy package zip are uploaded as
 * multipart; each gives a stored result with `platform: power-automate`, findings located by the
 * flow's path and the action's path, and one `validation.completed` that the receiver accepts and
 * whose payload says `power-automate`. A pack of another platform is refused.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findCorpus } from '../../src/analysis/xaml/test-helpers.js'
import type { RunningProcess } from '../helpers/run-cli.js'
import { testEngines } from '../helpers/test-stores.js'
import { type RunningReceiver, startReceiver, waitUntil } from '../receivers/receiver-process.js'
import {
  adminApi,
  openSystemDatabase,
  type SystemDatabase,
  sentBodies,
  servedAddress,
  startServe,
} from '../webhooks/system-test-kit.js'

const SAMPLES = 'pnp-powerautomate-samples/samples'
const SOLUTION_ZIP = `${SAMPLES}/ScheduledQuoteEmail-d365goddess/solution/scheduledquoteemail.zip`
const PACKAGE_ZIP = `${SAMPLES}/graph_api_in_power_bi/solution/GetOrganizationUsers.zip`

function corpusBytes(relative: string): Buffer {
  const corpus = findCorpus()
  if (corpus === undefined)
    throw new Error('the shared corpus is needed for this test (FLOWCERTA_CORPUS_DIR)')
  return fs.readFileSync(path.join(corpus, relative))
}

describe.each(testEngines())('Power Automate submissions through the service on %s', (engine) => {
  let db: SystemDatabase
  let server: RunningProcess
  let base: string
  /** The spec's Express and Flask receivers, one webhook each. */
  const receivers: RunningReceiver[] = []
  const api = adminApi(
    () => db,
    () => base,
  )

  const upload = async (relative: string, fields: Record<string, string> = {}) => {
    const form = new FormData()
    for (const [name, value] of Object.entries(fields)) form.append(name, value)
    form.append(
      'file',
      new Blob([corpusBytes(relative)], { type: 'application/zip' }),
      path.basename(relative),
    )
    const response = await fetch(`${base}/api/v1/validations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${db.adminKey}` },
      body: form,
    })
    // biome-ignore lint/suspicious/noExplicitAny: a JSON body, checked field by field below
    return { status: response.status, body: (await response.json()) as any }
  }

  beforeAll(async () => {
    db = await openSystemDatabase(engine)
    server = await startServe(db, 'all')
    base = servedAddress(server)
    for (const kind of ['express', 'flask'] as const) {
      const created = await api('POST', '/api/v1/org-webhooks', {
        url: 'http://127.0.0.1:9/placeholder',
        events: ['validation.completed'],
        description: `power automate ${kind} receiver`,
        enabled: false,
      })
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      const receiver = await startReceiver(kind, created.body.secret)
      receivers.push(receiver)
      const enabled = await api('PATCH', `/api/v1/org-webhooks/${created.body.id}`, {
        url: receiver.url,
        enabled: true,
      })
      expect(enabled.status, JSON.stringify(enabled.body)).toBe(200)
    }
  }, 120_000)

  afterAll(async () => {
    await Promise.allSettled(receivers.map((receiver) => receiver.stop()))
    await server?.stop()
    await db?.cleanup()
  })

  it('a solution zip: a power-automate result, findings at <flow>#<action path>:<line>, a verified validation.completed', async () => {
    const before = receivers.map((receiver) => receiver.accepted().length)
    const submitted = await upload(SOLUTION_ZIP, { label: 'main' })
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201)
    const result = submitted.body
    expect(result).toMatchObject({
      platform: 'power-automate',
      fileName: 'scheduledquoteemail.zip',
      policyPackSlug: 'power-automate-general',
    })
    const stored = await api('GET', `/api/v1/results/${result.validationId}`)
    expect(stored.status).toBe(200)
    expect(stored.body.platform).toBe('power-automate')
    const flow = 'Workflows/Scheduledquoteemail-1AD90513-B7A0-ED11-AAD1-0022482A43B9.json'
    const locations = stored.body.findings.map(
      (finding: { ruleId: string; location: string }) => `${finding.ruleId} ${finding.location}`,
    )
    // The shared mailbox typed into the send step (line 97 of the flow), reviewed in test/corpus/REVIEW.md.
    expect(locations).toContain(`FC-PAF-HCD-003 ${flow}#/actions/Send_an_email_from_a_shared_mailbox_(V2):97`)
    expect(locations).toContain(`FC-PAF-ERR-001 ${flow}#/:23`)
    const hcd = stored.body.findings.find(
      (finding: { ruleId: string }) => finding.ruleId === 'FC-PAF-HCD-003',
    )
    expect(hcd.logicalLocation).toEqual({
      fullyQualifiedName: '/actions/Send_an_email_from_a_shared_mailbox_(V2)',
      kind: 'object',
    })

    // Each of the spec's receivers (Express, Flask) verified the signature and accepted exactly one
    // delivery for it, whose payload names the platform.
    for (const [index, receiver] of receivers.entries()) {
      await waitUntil(
        () => receiver.accepted().length > (before[index] ?? 0),
        60_000,
        () => receiver.output(),
      )
      const accepted = receiver.accepted().slice(before[index])
      expect(accepted.map((delivery) => delivery.event)).toEqual(['validation.completed'])
      const [sent] = await sentBodies(db, [accepted[0]!.deliveryId])
      const envelope = JSON.parse(sent!.body)
      expect(envelope.data).toMatchObject({
        validationId: result.validationId,
        platform: 'power-automate',
        fileName: 'scheduledquoteemail.zip',
        score: result.score,
        passed: result.passed,
      })
    }
  })

  it('a legacy package zip: its typed client secret is a critical finding, masked, and the result fails', async () => {
    const submitted = await upload(PACKAGE_ZIP)
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201)
    expect(submitted.body).toMatchObject({ platform: 'power-automate', passed: false })
    const stored = await api('GET', `/api/v1/results/${submitted.body.validationId}`)
    const secret = stored.body.findings.find(
      (finding: { ruleId: string }) => finding.ruleId === 'FC-PAF-HCD-001',
    )
    expect(secret).toMatchObject({
      severity: 'critical',
      location:
        'Microsoft.Flow/flows/63aa12db-ab81-4cdf-8b00-c7dc3114fd79/definition.json#/actions/Do_until/actions/Switch_on_Do_Until/cases/Paging_Available/actions/Get_Organization_Users_-_Skip_Token:1',
    })
    expect(JSON.stringify(stored.body)).not.toContain('hA1jR4an23WAN_d3.p6H5.c_aQjc7wht28')
  })

  it('refuses a pack of another platform and a platform the content contradicts', async () => {
    const wrongPack = await upload(SOLUTION_ZIP, { policyPack: 'uipath-reframework-baseline' })
    expect([wrongPack.status, wrongPack.body.error.code]).toEqual([422, 'POLICY_PACK_PLATFORM_MISMATCH'])
    const wrongPlatform = await upload(SOLUTION_ZIP, { platform: 'blue-prism' })
    expect([wrongPlatform.status, wrongPlatform.body.error.code]).toEqual([422, 'PLATFORM_MISMATCH'])
  })
})
