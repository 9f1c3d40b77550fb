/**
 * Issue 10, item 2: the worst-case workflow files through the real API (a listening server, real
 * sockets, multipart as curl -F sends it) on the pool the service runs, with its default thread
 * memory limit. Each is refused with its typed code and the limit it crossed (or accepted), the
 * refusal comes quickly, and the server keeps answering other requests while a hostile one is in
 * flight. Memory itself (RSS) is measured by bench/hostile-input-memory.bench.ts, not here.
 *
 * Engine: SQLite only — nothing here depends on the store (a refused file stores nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AnalysisPool } from '../../src/analysis/analysis-pool.js'
import { DEFAULT_XAML_LIMITS } from '../../src/analysis/xaml/xaml-limits.js'
import { type HostileApi, openHostileApi, postFile } from '../helpers/hostile-api.js'
import {
  emptyElements,
  type HostileWorkflow,
  hugeDisplayName,
  nearByteLimitOfSmallActivities,
  nearEveryLimit,
  wrappedActivities,
} from '../helpers/hostile-workflows.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { corpusBytes, SMALL_FILE } from '../helpers/validation-test-kit.js'

/** Generous: shared CI cores run several suites at once; idle, each refusal takes 0.2–0.5 s. */
const REFUSAL_WALL_MS = 10_000
/** CPU time of this process (server and its analysis thread) for one refusal: idle, ~0.5 s. */
const REFUSAL_CPU_MS = 2_500

interface Answer {
  status: number
  body: { error?: { code: string; details: Record<string, unknown>[] } }
  ms: number
}

describe('hostile workflow files through the API', () => {
  // The service's own pool shape: one thread (this machine's default), its default memory limit.
  let api: HostileApi
  let t: TestApp
  let base: string
  beforeAll(async () => {
    api = await openHostileApi()
    t = api.t
    base = api.base
  })
  afterAll(() => api.close())

  const submit = (input: HostileWorkflow, key = t.orgA.memberKey): Promise<Answer> =>
    postFile<Answer['body']>(base, key, input.fileName, input.content)

  const refusals: [HostileWorkflow, string, number][] = [
    [emptyElements(), 'maxElements', DEFAULT_XAML_LIMITS.maxElements],
    [nearByteLimitOfSmallActivities(), 'maxElements', DEFAULT_XAML_LIMITS.maxElements],
    [hugeDisplayName(), 'maxAttributeValueBytes', DEFAULT_XAML_LIMITS.maxAttributeValueBytes],
    [wrappedActivities(), 'maxActivityLinks', DEFAULT_XAML_LIMITS.maxActivityLinks],
  ]

  it.each(refusals.map(([input, limit, max]) => [input.name, input, limit, max] as const))(
    '%s: refused with its code and limit, quickly',
    async (_name, input, limit, max) => {
      const cpuBefore = process.cpuUsage()
      const answer = await submit(input)
      const cpu = process.cpuUsage(cpuBefore)
      expect(answer.body.error?.code).toBe(input.expected)
      expect(answer.status).toBe(input.expected === 'XAML_TOO_LARGE' ? 413 : 422)
      expect(answer.body.error?.details).toEqual([
        {
          reason: expect.any(String),
          limit,
          max,
          line: expect.any(Number),
          column: expect.any(Number),
        },
      ])
      expect(answer.ms).toBeLessThan(REFUSAL_WALL_MS)
      expect((cpu.user + cpu.system) / 1000).toBeLessThan(REFUSAL_CPU_MS)
    },
  )

  it('keeps answering /healthz and a normal validation while a hostile file is being read', async () => {
    const hostile = submit(emptyElements())
    let hostileDone = false
    void hostile.then(() => {
      hostileDone = true
    })
    const health = await fetch(`${base}/healthz`)
    expect(health.status).toBe(200)
    expect(hostileDone).toBe(false) // answered while the hostile request was still in flight
    const normal = await submit({
      name: 'normal',
      fileName: 'uno.xaml',
      content: corpusBytes(SMALL_FILE),
      expected: 201,
    })
    expect(normal.status).toBe(201)
    expect((await hostile).body.error?.code).toBe('XAML_TOO_LARGE')
  })

  it('accepts a file at every limit, and answers /healthz while it is analysed', async () => {
    const input = nearEveryLimit()
    const accepted = submit(input)
    let done = false
    void accepted.then(() => {
      done = true
    })
    for (let i = 0; i < 3; i++) {
      const health = await fetch(`${base}/healthz`)
      expect(health.status).toBe(200)
    }
    expect(done).toBe(false)
    const answer = await accepted
    expect(answer.status).toBe(201)
  })

  it('a thread out of memory fails only its request, typed (422 XAML_TOO_COMPLEX); the next is analysed', async () => {
    const tiny = new AnalysisPool(1, {
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
    })
    const small = await openTestApp('sqlite', { analysisPool: tiny })
    const smallBase = await small.app.listen({ host: '127.0.0.1', port: 0 })
    try {
      const post = (input: HostileWorkflow) => {
        const form = new FormData()
        form.append('file', new Blob([input.content]), input.fileName)
        return fetch(`${smallBase}/api/v1/validations`, {
          method: 'POST',
          headers: { authorization: `Bearer ${small.orgA.memberKey}` },
          body: form,
        })
      }
      const [huge, after] = await Promise.all([
        post(nearEveryLimit()),
        post({ name: 'normal', fileName: 'uno.xaml', content: corpusBytes(SMALL_FILE), expected: 201 }),
      ])
      expect(huge.status).toBe(422)
      expect(((await huge.json()) as Answer['body']).error).toMatchObject({
        code: 'XAML_TOO_COMPLEX',
        details: [{ limit: 'analysisThreadMemoryMb', max: 16 }],
      })
      expect(after.status).toBe(201)
      expect((await fetch(`${smallBase}/healthz`)).status).toBe(200)
    } finally {
      await small.close()
      await tiny.close()
    }
  })
})
