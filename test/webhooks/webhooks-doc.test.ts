/**
 * docs/webhooks.md is true of the code: its retry table is the retry policy, its header table is
 * what a delivery carries, its event table is what a webhook may subscribe to, and its Node,
 * Python and Standard Webhooks snippets (extracted from the Markdown and run as written) verify a
 * real delivery, refuse tampered or missing signatures without throwing, and behave across a
 * secret rotation as the doc says.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_RETRY_POLICY, maxAttempts } from '../../src/webhooks/delivery/retry-policy.js'
import { buildDeliveryHeaders } from '../../src/webhooks/delivery/signing.js'
import { subscribableEventNames } from '../../src/webhooks/webhook-events.js'
import { PROJECT_ROOT } from '../helpers/run-cli.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'
import { type ReceivedRequest, startReceiver, type TestReceiver } from './delivery-test-kit.js'

const DOC = readFileSync(join(PROJECT_ROOT, 'docs/webhooks.md'), 'utf8')
const PYTHON = '/usr/bin/python3'

/** The lines of one `## …` section of the doc. */
function section(title: string): string {
  const start = DOC.indexOf(`\n## ${title}\n`)
  expect(start, `docs/webhooks.md has no "## ${title}"`).toBeGreaterThan(0)
  const end = DOC.indexOf('\n## ', start + 1)
  return DOC.slice(start, end === -1 ? undefined : end)
}

/** A fenced block whose info string is `<lang> <name>`. */
function snippet(name: string): string {
  const found = [...DOC.matchAll(/^```(\w+) ([\w-]+)\n([\s\S]*?)^```$/gm)].filter((m) => m[2] === name)
  expect(found, `docs/webhooks.md: one block tagged ${name}`).toHaveLength(1)
  return found[0]![3]!
}

/** `5 s`, `5 min`, `2 h`, as the doc writes durations. */
function spell(ms: number): string {
  const units: [number, string][] = [
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1_000, 's'],
  ]
  const parts: string[] = []
  let rest = ms
  for (const [size, unit] of units) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)} ${unit}`)
      rest %= size
    }
  }
  return parts.join(' ')
}

describe('docs/webhooks.md matches the code', () => {
  it('is linked from the README', () => {
    expect(readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8')).toContain('`docs/webhooks.md`')
  })

  it('the retry table is DEFAULT_RETRY_POLICY, row for row', () => {
    const text = section('Answering, retries and the schedule')
    const rows = [...text.matchAll(/^\| (\d+) \| (.+) \|$/gm)].map((m) => `${m[1]} | ${m[2]}`)
    const delays = DEFAULT_RETRY_POLICY.attemptDelaysMs
    expect(delays[0]).toBe(0)
    const expected = delays.map((delay, index) =>
      index === 0 ? '1 | at once' : `${index + 1} | ${spell(delay)} after attempt ${index} failed`,
    )
    expect(rows).toEqual(expected)
    expect(text).toContain(`spread by ±${DEFAULT_RETRY_POLICY.jitter * 100} %`)
    expect(text).toContain(
      `the ${maxAttempts(DEFAULT_RETRY_POLICY)} attempts span about ${spell(delays.reduce((a, b) => a + b, 0))}`,
    )
    expect(text).toContain(`When\nattempt ${maxAttempts(DEFAULT_RETRY_POLICY)} fails`)
    expect(text).toContain(
      `at least ${spell(DEFAULT_RETRY_POLICY.retryAfterMinMs)} and at most ${spell(DEFAULT_RETRY_POLICY.retryAfterMaxMs)}`,
    )
    expect(text).toContain(`no success for ${DEFAULT_RETRY_POLICY.disableAfterFailingMs / 86_400_000} days`)
    expect(section('Redelivery and recovery')).toContain(
      `used all ${maxAttempts(DEFAULT_RETRY_POLICY)} attempts`,
    )
  })

  it('the header table lists exactly the headers a delivery carries', () => {
    const headers = buildDeliveryHeaders({
      deliveryId: 'd',
      event: 'e',
      target: 'generic',
      body: '{}',
      secret: 'whsec_AAAA',
      previousSecret: 'whsec_BBBB',
      now: 0,
    })
    const text = section('What a delivery carries')
    const documented = [...text.matchAll(/^\| `([\w-]+)` \| /gm)].map((m) => m[1]!.toLowerCase())
    expect(documented.sort()).toEqual(
      Object.keys(headers)
        .map((name) => name.toLowerCase())
        .sort(),
    )
  })

  it('the event table lists exactly the subscribable events', () => {
    const text = section('Create a webhook')
    const table = text.slice(text.indexOf('| event | when |'))
    const documented = [...table.matchAll(/^\| `([\w.]+)` \| /gm)].map((m) => m[1])
    expect(documented.sort()).toEqual(subscribableEventNames().sort())
  })
})

// ---------------------------------------------------------------------------------------------

type Verify = (rawBody: Buffer, header: unknown, secret: string) => boolean
type VerifyStandard = (rawBody: Buffer, headers: Record<string, unknown>, secret: string) => boolean

interface Case {
  body: Buffer
  header: string | undefined
  secret: string
}

describe('the verify snippets of docs/webhooks.md, run as written on real deliveries', () => {
  let t: TestApp
  let receiver: TestReceiver
  let dir: string
  let verifyNode: Verify
  let verifyStandard: VerifyStandard

  /** The Python snippet on each case, in one process: true/false per case, or the exception. */
  function verifyPython(cases: readonly Case[]): (boolean | string)[] {
    const harness = `${snippet('verify-python')}

import base64, json, sys
out = []
for case in json.load(sys.stdin):
    try:
        out.append(verify_flowcerta_signature(base64.b64decode(case['body']), case['header'], case['secret']))
    except Exception as error:
        out.append('raised ' + type(error).__name__)
print(json.dumps(out))
`
    const run = spawnSync(PYTHON, ['-c', harness], {
      input: JSON.stringify(
        cases.map((c) => ({ body: c.body.toString('base64'), header: c.header ?? null, secret: c.secret })),
      ),
      encoding: 'utf8',
    })
    expect(run.status, run.stderr).toBe(0)
    return JSON.parse(run.stdout)
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fc-webhooks-doc-'))
    for (const name of ['verify-node', 'verify-standard-webhooks'])
      writeFileSync(join(dir, `${name}.mjs`), snippet(name))
    verifyNode = (await import(pathToFileURL(join(dir, 'verify-node.mjs')).href)).verifyFlowcertaSignature
    verifyStandard = (await import(pathToFileURL(join(dir, 'verify-standard-webhooks.mjs')).href))
      .verifyStandardWebhook
    t = await openTestApp(testEngines()[0]!)
    // webhook-timestamp comes from the app's clock; the Standard Webhooks snippet checks it against now.
    t.clock.set(Date.now())
    receiver = await startReceiver((_r, res) => res.writeHead(200).end('ok'))
  })
  afterAll(async () => {
    await t?.close()
    await receiver?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  async function admin(method: 'POST', url: string, payload?: object) {
    const res = await t.request(t.orgA.adminKey, { method, url, ...(payload ? { payload } : {}) })
    expect(res.statusCode, res.body).toBeLessThan(300)
    return res.json()
  }

  /** A real delivery: the test route signs and POSTs it over HTTP to the receiver. */
  async function deliver(webhookId: string): Promise<ReceivedRequest> {
    const before = receiver.received.length
    const outcome = await admin('POST', `/api/v1/org-webhooks/${webhookId}/test`)
    expect(outcome.status).toBe('succeeded')
    expect(receiver.received).toHaveLength(before + 1)
    return receiver.received.at(-1)!
  }

  const header = (request: ReceivedRequest) => request.headers['x-flowcerta-signature'] as string

  it.each(['generic', 'slack'])(
    '%s target: the snippets accept the delivery and refuse every forgery without throwing',
    async (target) => {
      const created = await admin('POST', '/api/v1/org-webhooks', {
        url: receiver.url,
        events: ['*'],
        target,
      })
      const secret: string = created.secret
      const delivery = await deliver(created.id)
      // A slack body has non-ASCII text: the snippets must hash the raw bytes, not a re-encoding.
      if (target === 'slack') expect(delivery.body.some((byte) => byte > 0x7f)).toBe(true)
      const tampered = Buffer.concat([delivery.body, Buffer.from(' ')])
      const cases: Case[] = [
        { body: delivery.body, header: header(delivery), secret },
        { body: tampered, header: header(delivery), secret },
        { body: delivery.body, header: header(delivery), secret: `${secret}x` },
        { body: delivery.body, header: undefined, secret },
        { body: delivery.body, header: '', secret },
        { body: delivery.body, header: 'sha256=', secret },
        { body: delivery.body, header: 'sha256=00', secret },
        { body: delivery.body, header: `${header(delivery)}0`, secret },
        { body: delivery.body, header: `sha256=${'é'.repeat(64)}`, secret },
        { body: delivery.body, header: header(delivery).toUpperCase().replace('SHA256=', 'sha256='), secret },
      ]
      const expected = [true, false, false, false, false, false, false, false, false, false]
      expect(cases.map((c) => verifyNode(c.body, c.header, c.secret))).toEqual(expected)
      expect(verifyPython(cases)).toEqual(expected)

      const headers = delivery.headers as Record<string, unknown>
      expect(verifyStandard(delivery.body, headers, secret)).toBe(true)
      expect(verifyStandard(tampered, headers, secret)).toBe(false)
      expect(verifyStandard(delivery.body, { ...headers, 'webhook-signature': undefined }, secret)).toBe(
        false,
      )
      expect(verifyStandard(delivery.body, { ...headers, 'webhook-signature': 'v1,' }, secret)).toBe(false)
      expect(verifyStandard(delivery.body, { ...headers, 'webhook-id': 'other' }, secret)).toBe(false)
      const old = String(Math.floor(Date.now() / 1000) - 3600)
      expect(verifyStandard(delivery.body, { ...headers, 'webhook-timestamp': old }, secret)).toBe(false)
    },
  )

  it('after rotate-secret: X-Flowcerta-Signature has the new secret only; webhook-signature both until the overlap ends', async () => {
    const created = await admin('POST', '/api/v1/org-webhooks', { url: receiver.url, events: ['*'] })
    const oldSecret: string = created.secret
    const rotated = await admin('POST', `/api/v1/org-webhooks/${created.id}/rotate-secret`)
    const newSecret: string = rotated.secret
    expect(Date.parse(rotated.previousSecretExpiresAt) - t.clock.now()).toBe(86_400_000)

    const during = await deliver(created.id)
    expect(verifyNode(during.body, header(during), newSecret)).toBe(true)
    expect(verifyNode(during.body, header(during), oldSecret)).toBe(false)
    expect(verifyPython([{ body: during.body, header: header(during), secret: oldSecret }])).toEqual([false])
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2)
    expect(verifyStandard(during.body, during.headers as Record<string, unknown>, newSecret)).toBe(true)
    expect(verifyStandard(during.body, during.headers as Record<string, unknown>, oldSecret)).toBe(true)

    // The overlap ends: only the new secret signs.
    t.clock.advance(86_400_000)
    const after = await deliver(created.id)
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1)
    // The snippet checks the timestamp against the real clock: give it the day the app skipped.
    const headers = { ...(after.headers as Record<string, unknown>) }
    const realNow = Date.now
    Date.now = () => t.clock.now()
    try {
      expect(verifyStandard(after.body, headers, newSecret)).toBe(true)
      expect(verifyStandard(after.body, headers, oldSecret)).toBe(false)
    } finally {
      Date.now = realNow
    }

    // overlapSeconds 0: the old secret stops at once.
    const again = await admin('POST', `/api/v1/org-webhooks/${created.id}/rotate-secret`, {
      overlapSeconds: 0,
    })
    expect(again.previousSecretExpiresAt).toBeNull()
    const now = await deliver(created.id)
    expect(String(now.headers['webhook-signature']).split(' ')).toHaveLength(1)
    expect(verifyNode(now.body, header(now), again.secret)).toBe(true)
    expect(verifyNode(now.body, header(now), newSecret)).toBe(false)
  })
})
