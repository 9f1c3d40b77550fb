/**
 * Blue Prism through the whole product, on both engines: a real `flowcerta serve --role all`
 * (API and delivery workers), the spec's Express and Flask receivers (test/receivers) plus a
 * recording receiver, all on 127.0.0.1. A corpus release is submitted through the public API: the
 * result is `platform: blue-prism` with findings located in the release (path, line, column,
 * process/page/stage); each receiver verifies the signed `validation.completed` and the payload
 * names the platform; an approved risk exception for one finding's fingerprint waives it on the
 * next submission; a UiPath pack is refused for the release with POLICY_PACK_PLATFORM_MISMATCH,
 * and the results list filters by platform.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readBluePrismCorpusFile } from '../../src/analysis/blue-prism/blue-prism-test-kit.js'
import type { RunningProcess } from '../helpers/run-cli.js'
import { testEngines } from '../helpers/test-stores.js'
import {
  type RunningReceiver,
  startReceiver as startSpecReceiver,
  waitUntil,
} from '../receivers/receiver-process.js'
import { type ReceivedRequest, startReceiver, type TestReceiver } from '../webhooks/delivery-test-kit.js'
import {
  adminApi,
  openSystemDatabase,
  type SystemDatabase,
  servedAddress,
  startServe,
} from '../webhooks/system-test-kit.js'

const RELEASE =
  'shmoopysoft-blue-prism-syslog-message-example/ShmoopySoftBluePrismSyslogMessageExample.bprelease'
const RELEASE_NAME = 'ShmoopySoftBluePrismSyslogMessageExample.bprelease'

/** The spec's check: `sha256=<hex HMAC-SHA256 of the raw body>`, compared in constant time. */
function signatureValid(request: ReceivedRequest, secret: string): boolean {
  const header = request.headers['x-flowcerta-signature']
  const signature = Buffer.from(typeof header === 'string' ? header : '')
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(request.body).digest('hex')}`)
  return signature.length === expected.length && timingSafeEqual(signature, expected)
}

describe.each(testEngines())('Blue Prism end to end on %s', (engine) => {
  let db: SystemDatabase
  let server: RunningProcess
  let base: string
  let recorder: TestReceiver
  let recorderSecret = ''
  const specReceivers: RunningReceiver[] = []

  const api = adminApi(
    () => db,
    () => base,
  )
  const submit = (extra: object = {}) =>
    api('POST', '/api/v1/validations', {
      fileName: RELEASE_NAME,
      contentBase64: readBluePrismCorpusFile(RELEASE).toString('base64'),
      ...extra,
    })

  beforeAll(async () => {
    db = await openSystemDatabase(engine)
    server = await startServe(db, 'all')
    base = servedAddress(server)
    recorder = await startReceiver()
    for (const kind of ['express', 'flask', 'recorder'] as const) {
      const created = await api('POST', '/api/v1/org-webhooks', {
        url: 'http://127.0.0.1:9/placeholder',
        events: ['validation.completed'],
        description: `${kind} receiver`,
        enabled: false,
      })
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      const secret: string = created.body.secret
      let url = recorder.url
      if (kind === 'recorder') recorderSecret = secret
      else {
        const receiver = await startSpecReceiver(kind, secret)
        specReceivers.push(receiver)
        url = receiver.url
      }
      const enabled = await api('PATCH', `/api/v1/org-webhooks/${created.body.id}`, { url, enabled: true })
      expect(enabled.status, JSON.stringify(enabled.body)).toBe(200)
    }
  }, 120_000)

  afterAll(async () => {
    await Promise.allSettled(specReceivers.map((receiver) => receiver.stop()))
    await recorder?.close()
    await server?.stop()
    await db?.cleanup()
  })

  it('a release → a blue-prism result, delivered and verified by the spec receivers; an exception waives a finding', async () => {
    const first = await submit()
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    const result = first.body
    expect(result).toMatchObject({
      platform: 'blue-prism',
      fileName: RELEASE_NAME,
      policyPackSlug: 'blue-prism-general',
    })
    expect(result.projectName).toBe('ShmoopySoftBluePrismSyslogMessageExample')
    const finding = result.findings.find((item: { ruleId: string }) => item.ruleId === 'FC-BPR-ERR-004')
    expect(finding).toMatchObject({
      path: RELEASE_NAME,
      location: `${RELEASE_NAME}:10`,
      line: 10,
      column: 507,
      activity: 'Main Page',
      logicalLocation: { fullyQualifiedName: 'Syslog Process/Main Page', kind: 'element' },
      waived: false,
    })

    // Every receiver accepted the signed delivery; the recorded body names the platform.
    for (const receiver of specReceivers) {
      await waitUntil(
        () => receiver.accepted().some((delivery) => delivery.event === 'validation.completed'),
        60_000,
        () => `${receiver.kind}: ${receiver.output().slice(-2000)}`,
      )
    }
    // The Express example prints the verified event on stdout, which reaches us through a pipe
    // after the receiver's own acceptance log (a file) already says it took the delivery.
    const express = specReceivers.find((receiver) => receiver.kind === 'express')
    await waitUntil(
      () => express?.output().includes("platform: 'blue-prism'") === true,
      10_000,
      () => `the Express receiver never printed the platform: ${express?.output().slice(-2000)}`,
    )
    await waitUntil(
      () => recorder.received.length >= 1,
      60_000,
      () => 'the recording receiver got nothing',
    )
    const delivered = recorder.received[0] as ReceivedRequest
    expect(signatureValid(delivered, recorderSecret)).toBe(true)
    const payload = JSON.parse(delivered.body.toString('utf8'))
    expect(payload).toMatchObject({
      event: 'validation.completed',
      data: { validationId: result.validationId, platform: 'blue-prism', fileName: RELEASE_NAME },
    })

    // An approved exception for the finding's fingerprint waives it on the next submission.
    const requested = await api('POST', '/api/v1/exceptions', {
      ruleId: 'FC-BPR-ERR-004',
      fileName: RELEASE_NAME,
      fingerprint: finding.fingerprint,
      reason: 'The sample process is run by hand; failures are watched by the operator.',
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    })
    expect(requested.status, JSON.stringify(requested.body)).toBe(201)
    const approved = await api('POST', `/api/v1/exceptions/${requested.body.id}/approve`, {})
    expect(approved.status, JSON.stringify(approved.body)).toBe(200)
    const second = await submit()
    expect(second.status).toBe(201)
    const waived = second.body.findings.find((item: { ruleId: string }) => item.ruleId === 'FC-BPR-ERR-004')
    expect(waived).toMatchObject({
      waived: true,
      exceptionId: requested.body.id,
      fingerprint: finding.fingerprint,
    })
    expect(second.body.score).toBeGreaterThan(result.score)
  }, 180_000)

  it('a UiPath pack is refused for a release; the results list filters by platform', async () => {
    const refused = await submit({ policyPack: 'uipath-general' })
    expect(refused.status).toBe(422)
    expect(refused.body.error).toMatchObject({
      code: 'POLICY_PACK_PLATFORM_MISMATCH',
      details: [
        { field: 'policyPack', value: 'uipath-general', packPlatform: 'uipath', platform: 'blue-prism' },
      ],
    })
    const mismatch = await submit({ platform: 'uipath' })
    expect(mismatch.status).toBe(422)
    expect(mismatch.body.error.code).toBe('PLATFORM_MISMATCH')

    const bluePrism = await api('GET', '/api/v1/results?platform=blue-prism')
    expect(bluePrism.status).toBe(200)
    expect(bluePrism.body.items.length).toBeGreaterThan(0)
    expect(bluePrism.body.items.every((item: { platform: string }) => item.platform === 'blue-prism')).toBe(
      true,
    )
    const uipath = await api('GET', '/api/v1/results?platform=uipath')
    expect(uipath.body.items).toEqual([])
    const bad = await api('GET', '/api/v1/results?platform=blueprism')
    expect(bad.status).toBe(400)
  })
})
