/**
 * The analysis pool on real worker threads: the same results as the analyzer inline (whole corpus,
 * waivers applied on the thread), the analyzer's typed errors rebuilt, many requests at once, the
 * event loop free while a thread works, a thread out of memory failing only its own request, and
 * pending requests failed (not lost) when it closes.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ANALYSIS_THREAD_NICE, AnalysisBusyError, AnalysisPool } from './analysis-pool.js'
import { type FileAnalysisRequest, runAnalysisRequest } from './analysis-request.js'
import { UnknownPolicyPackError } from './analyze.js'
import { CORPUS_DIR, corpusFiles, wrapWorkflow } from './rules/rule-test-kit.js'
import { XamlError } from './xaml/xaml-error.js'

const pool = new AnalysisPool(2)
afterAll(() => pool.close())

const PACK = 'uipath-reframework-baseline'

function requestFor(
  fileName: string,
  content: Uint8Array,
  waivers: FileAnalysisRequest['waivers'] = [],
): FileAnalysisRequest {
  return { content, fileName, packSlug: PACK, waivers }
}

/** A valid workflow of `count` Sequences with an empty catch each (findings) — big enough to take a while. */
function bigWorkflow(count: number): Buffer {
  const body = Array.from(
    { length: count },
    (_, i) => `<TryCatch DisplayName="Try ${i}"><TryCatch.Try><Sequence DisplayName="S${i}" /></TryCatch.Try>
      <TryCatch.Catches><Catch x:TypeArguments="s:Exception"><ActivityAction x:TypeArguments="s:Exception" /></Catch></TryCatch.Catches></TryCatch>`,
  ).join('\n')
  return Buffer.from(wrapWorkflow(`<Sequence DisplayName="Main">${body}</Sequence>`))
}

describe('AnalysisPool', () => {
  it('gives exactly the inline result for every corpus file, 2 threads, all at once', async () => {
    const files = corpusFiles()
    expect(files.length).toBeGreaterThan(50)
    const requests = files.map((file) => requestFor(file, readFileSync(join(CORPUS_DIR, file))))
    const threaded = await Promise.all(requests.map((request) => pool.analyze(request)))
    for (const [index, result] of threaded.entries()) {
      expect(result).toEqual(runAnalysisRequest(requests[index]!))
    }
  })

  it('applies waivers on the thread: a matching finding is kept, marked with the exception id, and not counted', async () => {
    const content = bigWorkflow(2)
    const plain = await pool.analyze(requestFor('Main.xaml', content))
    const finding = plain.findings[0]!
    const waived = await pool.analyze(
      requestFor('Main.xaml', content, [{ id: 'exc-1', ruleId: finding.ruleId, location: finding.location }]),
    )
    expect(
      waived.findings.find((f) => f.location === finding.location && f.ruleId === finding.ruleId)?.waivedBy,
    ).toBe('exc-1')
    expect(waived.summary.total).toBe(plain.summary.total - 1)
  })

  it('rebuilds XamlError (code, line, column) and UnknownPolicyPackError from the thread', async () => {
    const malformed = pool.analyze(
      requestFor('Bad.xaml', Buffer.from(wrapWorkflow('<Sequence>\n  <Sequence>\n</Sequence>'))),
    )
    await expect(malformed).rejects.toBeInstanceOf(XamlError)
    await expect(malformed).rejects.toMatchObject({ code: 'XAML_PARSE_ERROR', line: expect.any(Number) })
    const dtd = pool.analyze(
      requestFor('X.xaml', Buffer.from('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')),
    )
    await expect(dtd).rejects.toMatchObject({ code: 'XAML_DTD_FORBIDDEN' })
    const pack = pool.analyze({ ...requestFor('Main.xaml', bigWorkflow(1)), packSlug: 'no-such-pack' })
    await expect(pack).rejects.toBeInstanceOf(UnknownPolicyPackError)
    await expect(pack).rejects.toMatchObject({ slug: 'no-such-pack' })
  })

  it('keeps the event loop free while a thread analyses (inline it cannot be)', async () => {
    const request = requestFor('Big.xaml', bigWorkflow(4000))
    let ticks = 0
    const timer = setInterval(() => ticks++, 1)
    try {
      const started = performance.now()
      await pool.analyze(request)
      const threadedMs = performance.now() - started
      expect(threadedMs).toBeGreaterThan(20) // big enough for the check below to mean something
      expect(ticks).toBeGreaterThan(0)
      ticks = 0
      await new AnalysisPool(0).analyze(request)
      expect(ticks).toBe(0) // inline: no timer could run until the analysis was done
    } finally {
      clearInterval(timer)
    }
  })

  it('a thread that runs out of memory fails its request only, typed; queued requests run on a new thread', async () => {
    const small = new AnalysisPool(1, {
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
    })
    try {
      // Under the reader's limits (48,000 elements), but far more than 16 MiB of model.
      const huge = small.analyze(requestFor('Huge.xaml', bigWorkflow(8000)))
      // Queued behind it on the pool's only thread: must not share its fate (they would, had the
      // pool posted them to the thread at once).
      const queued = [1, 2, 3].map((count) => small.analyze(requestFor(`Q${count}.xaml`, bigWorkflow(count))))
      await expect(huge).rejects.toBeInstanceOf(XamlError)
      await expect(huge).rejects.toMatchObject({
        code: 'XAML_TOO_COMPLEX',
        limit: { name: 'analysisThreadMemoryMb', value: 16 },
      })
      const results = await Promise.all(queued)
      expect(results.map((result) => result.fileName)).toEqual(['Q1.xaml', 'Q2.xaml', 'Q3.xaml'])
      for (const result of results) expect(result.findings.length).toBeGreaterThan(0)
    } finally {
      await small.close()
    }
  })

  it('fails running and queued requests when it closes, and refuses new ones', async () => {
    const own = new AnalysisPool(1)
    const running = expect(own.analyze(requestFor('Big.xaml', bigWorkflow(4000)))).rejects.toThrow(/closed/)
    const queued = expect(own.analyze(requestFor('Next.xaml', bigWorkflow(1)))).rejects.toThrow(/closed/)
    await own.close()
    await running
    await queued
    await expect(own.analyze(requestFor('Main.xaml', bigWorkflow(1)))).rejects.toThrow(/closed/)
  })

  it('refuses a negative or fractional size', () => {
    expect(() => new AnalysisPool(-1)).toThrow(RangeError)
    expect(() => new AnalysisPool(1.5)).toThrow(RangeError)
  })
})

describe('AnalysisPool under load', () => {
  it.runIf(process.platform === 'linux')(
    'with threadNice, analyses on threads at that nice value, the main thread (API, deliveries) left at its priority',
    async () => {
      const own = new AnalysisPool(1, { threadNice: ANALYSIS_THREAD_NICE })
      const niceOf = (task: string) => {
        // Field 19 of /proc/<pid>/task/<tid>/stat (after the parenthesised name) is the nice value.
        const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8')
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])
      }
      // The suite may itself run niced (`nice -n 15 npx vitest`): the main thread must keep the
      // priority it started with, whatever that is.
      const mainNice = niceOf(String(process.pid))
      try {
        const before = new Set(readdirSync('/proc/self/task'))
        await own.analyze(requestFor('Main.xaml', bigWorkflow(1)))
        const started = readdirSync('/proc/self/task').filter((task) => !before.has(task))
        expect(started.map(niceOf)).toContain(ANALYSIS_THREAD_NICE)
        expect(niceOf(String(process.pid))).toBe(mainNice)
      } finally {
        await own.close()
      }
    },
  )

  it('with a queue limit, refuses past it (AnalysisBusyError, Retry-After ≥ 1 s) and finishes what it took', async () => {
    const own = new AnalysisPool(1, { queueLimit: 2 })
    try {
      expect(own.busyRetryAfterSeconds()).toBeNull()
      // One on the thread, two waiting: full.
      const taken = ['Big.xaml', 'Q1.xaml', 'Q2.xaml'].map((name, index) =>
        own.analyze(requestFor(name, bigWorkflow(index === 0 ? 4000 : 1))),
      )
      expect(own.busyRetryAfterSeconds()).toBeGreaterThanOrEqual(1)
      const refused = own.analyze(requestFor('Q3.xaml', bigWorkflow(1)))
      await expect(refused).rejects.toBeInstanceOf(AnalysisBusyError)
      await expect(refused).rejects.toMatchObject({ retryAfterSeconds: expect.any(Number) })
      const results = await Promise.all(taken)
      expect(results.map((result) => result.fileName)).toEqual(['Big.xaml', 'Q1.xaml', 'Q2.xaml'])
      expect(own.busyRetryAfterSeconds()).toBeNull()
      expect((await own.analyze(requestFor('Q4.xaml', bigWorkflow(1)))).fileName).toBe('Q4.xaml')
    } finally {
      await own.close()
    }
  })

  it('without a queue limit (and inline) never refuses', async () => {
    expect(new AnalysisPool(0, { queueLimit: 1 }).busyRetryAfterSeconds()).toBeNull()
    const own = new AnalysisPool(1)
    try {
      const all = Array.from({ length: 40 }, (_, i) => own.analyze(requestFor(`M${i}.xaml`, bigWorkflow(1))))
      expect(own.busyRetryAfterSeconds()).toBeNull()
      expect(await Promise.all(all)).toHaveLength(40)
    } finally {
      await own.close()
    }
  })
})
