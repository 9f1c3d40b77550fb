/**
 * Analyses on worker threads, so the API's event loop keeps serving while files are analysed.
 *
 * A validation's analysis is pure CPU (~5 ms for a 55 KB workflow on this project's reference
 * machine, more for big files): run on the event loop it stalled every other request for that
 * long. The pool sends each request (analysis-request.ts: plain data) to the thread with the
 * fewest pending, and rebuilds the analyzer's typed errors from the reply. Size 0 runs requests
 * inline (same code, same results), for machines with one core.
 *
 * Threads start on first use and keep the process alive only while they have work. A thread that
 * dies fails its pending requests (the API answers 500 for those, nothing is stored) and is
 * replaced at the next request. Running from source (tsx, vitest) the worker is the .ts file,
 * loaded through tsx's loader; from dist/ it is the compiled .js.
 */
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { type ResourceLimits, Worker } from 'node:worker_threads'
import {
  type AnalysisOutcome,
  type AnalysisRequest,
  type FileAnalysisRequest,
  type ProjectAnalysisRequest,
  runAnalysisRequest,
} from './analysis-request.js'
import { type AnalysisResult, UnknownPolicyPackError } from './analyze.js'
import type { ProjectAnalysisResult } from './analyze-project.js'
import { XamlError, type XamlErrorCode } from './xaml/xaml-error.js'

/** What the pool posts to a thread. */
export interface AnalysisTaskRequest {
  readonly id: number
  readonly request: AnalysisRequest
}

/** What a thread posts back: the result, or the error as data. */
export type AnalysisTaskReply =
  | { readonly id: number; readonly result: AnalysisOutcome }
  | {
      readonly id: number
      readonly error:
        | {
            kind: 'xaml'
            code: XamlErrorCode
            message: string
            line: number | undefined
            column: number | undefined
          }
        | { kind: 'pack'; slug: string }
        | { kind: 'other'; message: string }
    }

interface Pending {
  resolve: (result: AnalysisOutcome) => void
  reject: (error: Error) => void
}

interface PoolThread {
  worker: Worker
  pending: Map<number, Pending>
}

const RUNNING_FROM_SOURCE = import.meta.url.endsWith('.ts')

/** Starts one worker thread on analysis-worker (.js from dist/, .ts through tsx from source). */
function startWorker(resourceLimits: ResourceLimits | undefined): Worker {
  const workerUrl = new URL(
    RUNNING_FROM_SOURCE ? './analysis-worker.ts' : './analysis-worker.js',
    import.meta.url,
  )
  const limits = resourceLimits === undefined ? {} : { resourceLimits }
  if (!RUNNING_FROM_SOURCE) return new Worker(workerUrl, limits)
  const tsxApi = tsxEsmApiUrl()
  const bootstrap = `
    const { workerData } = require('node:worker_threads')
    import(workerData.tsxApi).then((api) => { api.register(); return import(workerData.workerUrl) })`
  return new Worker(bootstrap, { eval: true, workerData: { tsxApi, workerUrl: workerUrl.href }, ...limits })
}

/** tsx's ESM loader API (`tsx/esm/api`, its `import` entry), for the worker's bootstrap. */
function tsxEsmApiUrl(): string {
  const require = createRequire(import.meta.url)
  const manifest = require('tsx/package.json') as {
    exports: Record<string, { import?: { default?: string } }>
  }
  const entry = manifest.exports['./esm/api']?.import?.default
  if (entry === undefined) throw new Error('tsx/esm/api has no import entry')
  return pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), entry)).href
}

function errorFromReply(error: Extract<AnalysisTaskReply, { error: unknown }>['error']): Error {
  switch (error.kind) {
    case 'xaml':
      return new XamlError(error.code, error.message, { line: error.line, column: error.column })
    case 'pack':
      return new UnknownPolicyPackError(error.slug)
    case 'other':
      return new Error(`analysis failed: ${error.message}`)
  }
}

export class AnalysisPool {
  readonly size: number
  readonly #resourceLimits: ResourceLimits | undefined
  readonly #threads: PoolThread[] = []
  #nextId = 0
  #closed = false

  /**
   * `size` threads (0: analyse inline on the caller's thread). `resourceLimits` bound each
   * thread's heap: a file that exhausts it ends that thread only (its requests fail), not the
   * process.
   */
  constructor(size: number, options: { resourceLimits?: ResourceLimits } = {}) {
    if (!Number.isInteger(size) || size < 0)
      throw new RangeError(`analysis pool size must be ≥ 0, got ${size}`)
    this.size = size
    this.#resourceLimits = options.resourceLimits
  }

  /** Analyses on the least busy thread; rejects with XamlError / UnknownPolicyPackError as inline. */
  analyze(request: FileAnalysisRequest): Promise<AnalysisResult> {
    return this.#run(request) as Promise<AnalysisResult>
  }

  /** Analyses a whole project on one thread (its files share one project model). */
  analyzeProject(request: ProjectAnalysisRequest): Promise<ProjectAnalysisResult> {
    return this.#run(request) as Promise<ProjectAnalysisResult>
  }

  #run(request: AnalysisRequest): Promise<AnalysisOutcome> {
    if (this.#closed) return Promise.reject(new Error('analysis pool is closed'))
    if (this.size === 0) {
      try {
        return Promise.resolve(runAnalysisRequest(request))
      } catch (error) {
        return Promise.reject(error)
      }
    }
    const thread = this.#leastBusy()
    const id = this.#nextId++
    return new Promise<AnalysisOutcome>((resolve, reject) => {
      thread.pending.set(id, { resolve, reject })
      if (thread.pending.size === 1) thread.worker.ref()
      thread.worker.postMessage({ id, request } satisfies AnalysisTaskRequest)
    })
  }

  /** Stops every thread; requests still pending fail. */
  async close(): Promise<void> {
    this.#closed = true
    const threads = this.#threads.splice(0)
    for (const thread of threads) this.#failPending(thread, new Error('analysis pool closed'))
    await Promise.all(threads.map(({ worker }) => worker.terminate()))
  }

  #leastBusy(): PoolThread {
    if (this.#threads.length < this.size) {
      const idle = this.#threads.find((thread) => thread.pending.size === 0)
      if (idle !== undefined) return idle
      return this.#spawn()
    }
    let best = this.#threads[0]!
    for (const thread of this.#threads) if (thread.pending.size < best.pending.size) best = thread
    return best
  }

  #spawn(): PoolThread {
    const worker = startWorker(this.#resourceLimits)
    worker.unref()
    const thread: PoolThread = { worker, pending: new Map() }
    worker.on('message', (reply: AnalysisTaskReply) => {
      const pending = thread.pending.get(reply.id)
      if (pending === undefined) return
      thread.pending.delete(reply.id)
      if (thread.pending.size === 0) worker.unref()
      if ('result' in reply) pending.resolve(reply.result)
      else pending.reject(errorFromReply(reply.error))
    })
    const retire = (error: Error) => {
      const index = this.#threads.indexOf(thread)
      if (index >= 0) this.#threads.splice(index, 1)
      this.#failPending(thread, error)
    }
    worker.on('error', (error) => retire(new Error(`analysis thread failed: ${error.message}`)))
    worker.on('exit', (code) => retire(new Error(`analysis thread exited (${code})`)))
    this.#threads.push(thread)
    return thread
  }

  #failPending(thread: PoolThread, error: Error): void {
    for (const { reject } of thread.pending.values()) reject(error)
    thread.pending.clear()
  }
}
