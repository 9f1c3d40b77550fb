/**
 * Admission control of POST /api/v1/validations (issue 15, item 3): when every analysis thread is
 * busy and the pool's queue is full, the API answers 503 ANALYSIS_BUSY with Retry-After at once —
 * before reading the body — and stores nothing; once the queue drains, submissions are taken
 * again. A real server on 127.0.0.1 and a real one-thread pool with a queue of one.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AnalysisPool } from '../../src/analysis/analysis-pool.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'
import {
  corpusBytes,
  countEvents,
  countValidations,
  emptyCatches,
  SMALL_FILE,
} from '../helpers/validation-test-kit.js'

describe.each(testEngines())('analysis admission on %s', (engine) => {
  let t: TestApp
  let base: string
  let pool: AnalysisPool

  beforeEach(async () => {
    pool = new AnalysisPool(1, { queueLimit: 1 })
    t = await openTestApp(engine, { analysisPool: pool })
    base = await t.app.listen({ host: '127.0.0.1', port: 0 })
  })
  afterEach(async () => {
    await t.close()
    await pool.close()
  })

  /** Straight onto the pool, as another request's analysis would be. */
  const analyseDirectly = (catches: number) =>
    pool.analyze({
      content: Buffer.from(emptyCatches(catches)),
      fileName: `Catches${catches}.xaml`,
      packSlug: 'uipath-reframework-baseline',
      waivers: [],
    })

  const submit = (fileName: string, content: string) =>
    fetch(`${base}/api/v1/validations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.orgA.memberKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ fileName, content }),
    })

  it('a full queue → 503 ANALYSIS_BUSY with Retry-After, nothing stored; taken again once it drains', async () => {
    const small = corpusBytes(SMALL_FILE).toString('utf8')
    // One analysis on the thread (a big file: seconds), one waiting: the queue of one is full.
    const running = analyseDirectly(6000)
    const waiting = submit('waiting.xaml', small)
    await expect.poll(() => pool.busyRetryAfterSeconds(), { timeout: 10_000 }).not.toBeNull()

    const refused = await submit('refused.xaml', small)
    expect(refused.status).toBe(503)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    const body = (await refused.json()) as {
      error: { code: string; details: { retryAfterSeconds: number }[] }
    }
    expect(body.error.code).toBe('ANALYSIS_BUSY')
    expect(body.error.details[0]?.retryAfterSeconds).toBe(Number(refused.headers.get('retry-after')))

    await running
    expect((await waiting).status).toBe(201)
    expect(await countValidations(t)).toBe(1) // the waiting one only
    expect(await countEvents(t)).toBe(1)
    expect((await submit('later.xaml', small)).status).toBe(201)
  })

  it('an unauthenticated request hears 401, not the queue state', async () => {
    // Settled by the pool's close in afterEach (rejected then).
    void analyseDirectly(6000).catch(() => null)
    void analyseDirectly(1).catch(() => null)
    expect(pool.busyRetryAfterSeconds()).not.toBeNull()
    const response = await fetch(`${base}/api/v1/validations`, { method: 'POST', body: '{}' })
    expect(response.status).toBe(401)
  })
})
