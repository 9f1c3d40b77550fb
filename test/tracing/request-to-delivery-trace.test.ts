/**
 * Tracing end to end, on both engines, with real processes: `flowcerta serve --role api` and
 * `--role worker` (two processes: the trace crosses the database as the traceparent stored with
 * each delivery) export to a real OTLP/HTTP receiver on 127.0.0.1 that this test runs. A
 * validation is POSTed with a caller's `traceparent`; its webhook receiver fails the first attempt
 * so there is a retry. The spans must chain:
 *   caller → POST /api/v1/validations (api) → flowcerta.analysis
 *                                           → flowcerta.validation.store → flowcerta.outbox.record
 *            → flowcerta.webhook.attempt #1 (worker, 500) and #2 (worker, 200)
 * and no span attribute may carry the API key, the webhook secret or the webhook URL's path.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '../helpers/otlp-receiver.js'
import type { RunningProcess } from '../helpers/run-cli.js'
import { testEngines } from '../helpers/test-stores.js'
import { corpusBytes, multipartBody, SMALL_FILE } from '../helpers/validation-test-kit.js'
import { startReceiver, type TestReceiver } from '../webhooks/delivery-test-kit.js'
import {
  adminApi,
  openSystemDatabase,
  type SystemDatabase,
  servedAddress,
  startServe,
  waitFor,
} from '../webhooks/system-test-kit.js'

const SERVER = 2
const CLIENT = 3

describe.each(testEngines())('a trace from the API request to every delivery attempt on %s', (engine) => {
  let db: SystemDatabase
  let otlp: OtlpReceiver
  let receiver: TestReceiver
  let api: RunningProcess | undefined
  let worker: RunningProcess | undefined
  let base = ''

  beforeAll(async () => {
    db = await openSystemDatabase(engine)
    otlp = await startOtlpReceiver()
    let calls = 0
    // The first attempt fails (500), the retry succeeds.
    receiver = await startReceiver((_request, res) => {
      calls++
      res.writeHead(calls === 1 ? 500 : 200).end(calls === 1 ? 'try again' : 'ok')
    })
    const tracingEnv = {
      FLOWCERTA_OTLP_ENDPOINT: otlp.endpoint,
      // The retry one second after the failed attempt, not five.
      FLOWCERTA_WEBHOOK_RETRY_SCHEDULE: '1s',
    }
    api = await startServe(db, 'api', tracingEnv)
    worker = await startServe(db, 'worker', tracingEnv)
    base = servedAddress(api)
  }, 120_000)

  afterAll(async () => {
    await api?.stop()
    await worker?.stop()
    await receiver?.close()
    await otlp?.close()
    await db?.cleanup()
  })

  it('chains request → analysis and outbox write → both attempts in the worker, with no secret in any attribute', async () => {
    const call = adminApi(
      () => db,
      () => base,
    )
    // A path that stands for a Slack-style secret URL: it must not reach a span.
    const hookUrl = `${receiver.url}/T0SECRETPATH`
    const created = await call('POST', '/api/v1/org-webhooks', {
      url: hookUrl,
      events: ['validation.completed'],
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const webhookSecret = created.body.secret as string

    const callerTraceId = randomBytes(16).toString('hex')
    const callerSpanId = randomBytes(8).toString('hex')
    const { payload, headers } = await multipartBody([
      { name: 'file', fileName: 'Main.xaml', content: corpusBytes(SMALL_FILE) },
    ])
    const posted = await fetch(`${base}/api/v1/validations`, {
      method: 'POST',
      headers: {
        ...headers,
        authorization: `Bearer ${db.adminKey}`,
        traceparent: `00-${callerTraceId}-${callerSpanId}-01`,
      },
      body: payload,
    })
    expect(posted.status, await posted.clone().text()).toBe(201)

    await waitFor(
      () => receiver.received.length >= 2,
      () => `expected 2 attempts at the receiver, got ${receiver.received.length}`,
    )
    const deliveryId = receiver.received[1]!.headers['x-flowcerta-delivery']
    expect(receiver.received[0]!.headers['x-flowcerta-delivery']).toBe(deliveryId)

    const inTrace = () => otlp.spans.filter((span) => span.traceId === callerTraceId)
    const attempts = () => inTrace().filter((span) => span.name === 'flowcerta.webhook.attempt')
    // The batch processors export about once a second.
    await waitFor(
      () => attempts().length >= 2 && inTrace().some((span) => span.kind === SERVER),
      () => `spans so far: ${JSON.stringify(otlp.spans.map((s) => [s.name, s.traceId]))}`,
    )
    expect(otlp.requests.every((r) => r.path === '/v1/traces')).toBe(true)
    expect(otlp.requests[0]?.contentType).toBe('application/x-protobuf')

    const one = (name: string, parent: ReceivedSpan): ReceivedSpan => {
      const found = inTrace().filter((span) => span.name === name && span.parentSpanId === parent.spanId)
      expect(found, `${name} under ${parent.name}`).toHaveLength(1)
      return found[0]!
    }
    const request = inTrace().find((span) => span.kind === SERVER)!
    expect(request).toMatchObject({
      name: 'POST /api/v1/validations',
      parentSpanId: callerSpanId,
      attributes: {
        'http.request.method': 'POST',
        'http.route': '/api/v1/validations',
        'http.response.status_code': 201,
      },
      resource: { 'service.name': 'flowcerta', 'flowcerta.role': 'api' },
    })
    const analysis = one('flowcerta.analysis', request)
    expect(analysis.attributes['flowcerta.findings']).toBeTypeOf('number')
    const store = one('flowcerta.validation.store', request)
    const outbox = one('flowcerta.outbox.record', store)
    expect(outbox.attributes).toMatchObject({
      'flowcerta.event': 'validation.completed',
      'flowcerta.deliveries': 1,
    })

    // Both attempts: children of the outbox span, made by the worker process.
    const byNumber = attempts()
      .filter((span) => span.parentSpanId === outbox.spanId)
      .sort((a, b) => Number(a.attributes['flowcerta.attempt']) - Number(b.attributes['flowcerta.attempt']))
    expect(byNumber).toHaveLength(2)
    expect(byNumber.map((span) => span.kind)).toEqual([CLIENT, CLIENT])
    expect(byNumber.map((span) => span.resource['flowcerta.role'])).toEqual(['worker', 'worker'])
    expect(byNumber.map((span) => span.attributes['flowcerta.delivery_id'])).toEqual([deliveryId, deliveryId])
    expect(byNumber.map((span) => span.attributes['http.response.status_code'])).toEqual([500, 200])
    expect(byNumber.map((span) => span.attributes['flowcerta.outcome'])).toEqual(['retry', 'succeeded'])
    expect(byNumber.map((span) => span.statusCode)).toEqual([2, 0])
    expect(byNumber[0]!.attributes['server.address']).toBe('127.0.0.1')

    // Nothing secret in any span of any trace: key, webhook secret, the URL's path.
    const everything = JSON.stringify(otlp.spans)
    for (const secret of [db.adminKey, webhookSecret, 'T0SECRETPATH', db.masterKey.toString('base64')]) {
      expect(everything).not.toContain(secret)
    }
  })
})
