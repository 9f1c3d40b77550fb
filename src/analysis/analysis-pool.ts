/**
 * Analyses on worker threads, so the API's event loop keeps serving while files are analysed.
 *
 * A validation's analysis is pure CPU (~5 ms for a 55 KB workflow on this project's reference
 * machine, more for big files): run on the event loop it stalled every other request for that
 * long. The pool queues requests (analysis-request.ts: plain data) and gives each thread ONE at a
 * time, in arrival order, and rebuilds the analyzer's typed errors from the reply. Size 0 runs
 * requests inline (same code, same results), for machines with one core.
 *
 * One request per thread is what makes a memory limit (`resourceLimits`) fair: a thread that runs
 * out of heap was analysing exactly one file, so only that request fails — with
 * `XamlError('XAML_TOO_COMPLEX')`, a 422 for the API — and the queued requests go to a new thread.
 * A thread that dies otherwise fails its request with a plain Error (the API answers 500, nothing
 * is stored). It also keeps queued files as bytes on this thread instead of copies on a busy one.
 *
 * Threads may run at a lower CPU priority (`threadNice`, FLOWCERTA_ANALYSIS_THREAD_NICE; Linux
 * keeps nice values per thread): the main thread — the API and the webhook delivery loop of the
 * same process — then preempts an analysis when the cores are busy. Off by default: on a shared
 * machine it did not measurably help the delivery tails and slowed analyses (bench/README.md,
 * part (b), session 3). The bounded queue below answers the excess with 503 + Retry-After
 * instead of growing.
 *
 * Threads start on first use and keep the process alive only while they have work. Running from
 * source (tsx, vitest) the worker is the .ts file, loaded through tsx's loader; from dist/ it is
 * the compiled .js.
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
  type SubmissionAnalysisRequest,
} from './analysis-request.js'
import { type AnalysisResult, UnknownPolicyPackError } from './analyze.js'
import type { ProjectAnalysisResult } from './analyze-project.js'
import { InputFileError } from './platform-analyzer.js'
import { XamlError, type XamlErrorCode, type XamlErrorLimit } from './xaml/xaml-error.js'

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
            limit: XamlErrorLimit | undefined
          }
        | { kind: 'pack'; slug: string }
        | {
            kind: 'input'
            code: string
            message: string
            position: InputFileError['position']
          }
        | { kind: 'other'; message: string }
    }

interface Task {
  id: number
  request: AnalysisRequest
  resolve: (result: AnalysisOutcome) => void
  reject: (error: Error) => void
  /** When a thread took it (performance.now()). */
  startedAt: number
}

interface PoolThread {
  worker: Worker
  /** The request this thread is analysing, if any. */
  task: Task | undefined
}

/**
 * The `resourceLimits` for threads of `memoryMb` MiB: the old generation (where the model lives)
 * gets it, the young generation an eighth more, so a thread's heap stays near what was configured.
 */
export function analysisThreadLimits(memoryMb: number): ResourceLimits {
  return { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.max(4, Math.round(memoryMb / 8)) }
}

/** Node's error when a worker reaches its `resourceLimits` heap. */
const OUT_OF_MEMORY = 'ERR_WORKER_OUT_OF_MEMORY'

/** The typed answer for a file whose analysis exhausted its thread's heap. */
function outOfMemoryError(limits: ResourceLimits | undefined): XamlError {
  const heap = limits?.maxOldGenerationSizeMb
  return new XamlError(
    'XAML_TOO_COMPLEX',
    `analysing the workflow needed more memory than an analysis thread may use${heap === undefined ? '' : ` (${heap} MiB)`}`,
    heap === undefined ? {} : { limit: { name: 'analysisThreadMemoryMb', value: heap } },
  )
}

const RUNNING_FROM_SOURCE = import.meta.url.endsWith('.ts')

/**
 * A nice value for analysis threads (Linux) that leaves the main thread well ahead; the service
 * takes FLOWCERTA_ANALYSIS_THREAD_NICE (default 0), a pool made without `threadNice` runs at 0.
 */
export const ANALYSIS_THREAD_NICE = 10

/** Starts one worker thread on analysis-worker (.js from dist/, .ts through tsx from source). */
function startWorker(resourceLimits: ResourceLimits | undefined, nice: number): Worker {
  const workerUrl = new URL(
    RUNNING_FROM_SOURCE ? './analysis-worker.ts' : './analysis-worker.js',
    import.meta.url,
  )
  const limits = resourceLimits === undefined ? {} : { resourceLimits }
  if (!RUNNING_FROM_SOURCE) return new Worker(workerUrl, { workerData: { nice }, ...limits })
  const tsxApi = tsxEsmApiUrl()
  const bootstrap = `
    const { workerData } = require('node:worker_threads')
    import(workerData.tsxApi).then((api) => { api.register(); return import(workerData.workerUrl) })`
  return new Worker(bootstrap, {
    eval: true,
    workerData: { tsxApi, workerUrl: workerUrl.href, nice },
    ...limits,
  })
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
      return new XamlError(error.code, error.message, {
        line: error.line,
        column: error.column,
        limit: error.limit,
      })
    case 'pack':
      return new UnknownPolicyPackError(error.slug)
    case 'input':
      return new InputFileError(error.code, error.message, error.position)
    case 'other':
      return new Error(`analysis failed: ${error.message}`)
  }
}

/**
 * Requests that may wait for a thread in the service (main.ts; a pool made without `queueLimit`
 * queues without limit, as batch callers want): past it the API answers 503 ANALYSIS_BUSY with
 * Retry-After. Unbounded, a stream faster than the threads grew a backlog — answers seconds late,
 * the files held in memory — and the main thread spent its time accepting work it could not
 * finish while the delivery loop beside it waited (bench/README.md, part (b)).
 */
export const DEFAULT_ANALYSIS_QUEUE_LIMIT = 16

/** The pool's queue is full: try again after `retryAfterSeconds`. */
export class AnalysisBusyError extends Error {
  readonly retryAfterSeconds: number
  constructor(retryAfterSeconds: number) {
    super('every analysis thread is busy and the queue is full')
    this.name = 'AnalysisBusyError'
    this.retryAfterSeconds = retryAfterSeconds
  }
}

export class AnalysisPool {
  readonly size: number
  readonly #resourceLimits: ResourceLimits | undefined
  readonly #nice: number
  readonly #queueLimit: number
  /** Mean time a thread takes per request (ms, moving average): Retry-After is estimated from it. */
  #meanServiceMs = 100
  readonly #threads: PoolThread[] = []
  /** Requests waiting for a free thread, oldest first. */
  readonly #queue: Task[] = []
  #nextId = 0
  #closed = false

  /**
   * `size` threads (0: analyse inline on the caller's thread). `resourceLimits` bound each
   * thread's heap: a file that exhausts it fails its own request (XAML_TOO_COMPLEX) and ends
   * that thread only, not the process. At most `queueLimit` requests wait for a thread (0: no
   * limit); past it `analyze*` reject with {@link AnalysisBusyError}. Threads run at nice
   * `threadNice` (Linux).
   */
  constructor(
    size: number,
    options: { resourceLimits?: ResourceLimits | undefined; threadNice?: number; queueLimit?: number } = {},
  ) {
    if (!Number.isInteger(size) || size < 0)
      throw new RangeError(`analysis pool size must be ≥ 0, got ${size}`)
    this.size = size
    this.#resourceLimits = options.resourceLimits
    this.#nice = options.threadNice ?? 0
    this.#queueLimit = options.queueLimit ?? 0
  }

  /**
   * Null while a request would be taken; else the seconds after which one may be (the queue full).
   * The API asks before it reads a submission's body, so a refusal costs next to nothing.
   */
  busyRetryAfterSeconds(): number | null {
    if (this.size === 0 || this.#queueLimit === 0 || this.#queue.length < this.#queueLimit) return null
    // The queue drains at about size / meanService per ms.
    return Math.max(1, Math.ceil((this.#queue.length * this.#meanServiceMs) / this.size / 1000))
  }

  /** Analyses on the next free thread; rejects with XamlError / UnknownPolicyPackError as inline. */
  analyze(request: FileAnalysisRequest): Promise<AnalysisResult> {
    return this.#run(request) as Promise<AnalysisResult>
  }

  /** Analyses a whole project on one thread (its files share one project model). */
  analyzeProject(request: ProjectAnalysisRequest): Promise<ProjectAnalysisResult> {
    return this.#run(request) as Promise<ProjectAnalysisResult>
  }

  /**
   * Analyses another platform's submission on one thread; rejects with the platform reader's
   * {@link InputFileError} when no file of it could be read.
   */
  analyzeSubmission(request: SubmissionAnalysisRequest): Promise<ProjectAnalysisResult> {
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
    const retryAfter = this.busyRetryAfterSeconds()
    if (retryAfter !== null) return Promise.reject(new AnalysisBusyError(retryAfter))
    return new Promise<AnalysisOutcome>((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, request, resolve, reject, startedAt: 0 })
      this.#dispatch()
    })
  }

  /** Stops every thread; requests still queued or running fail. */
  async close(): Promise<void> {
    this.#closed = true
    const closed = new Error('analysis pool closed')
    for (const task of this.#queue.splice(0)) task.reject(closed)
    const threads = this.#threads.splice(0)
    for (const thread of threads) {
      thread.task?.reject(closed)
      thread.task = undefined
    }
    await Promise.all(threads.map(({ worker }) => worker.terminate()))
  }

  /** Hands queued requests to idle threads, starting threads up to `size`. */
  #dispatch(): void {
    while (this.#queue.length > 0 && !this.#closed) {
      const thread =
        this.#threads.find((candidate) => candidate.task === undefined) ??
        (this.#threads.length < this.size ? this.#spawn() : undefined)
      if (thread === undefined) return
      const task = this.#queue.shift() as Task
      thread.task = task
      task.startedAt = performance.now()
      thread.worker.ref()
      thread.worker.postMessage({ id: task.id, request: task.request } satisfies AnalysisTaskRequest)
    }
  }

  #spawn(): PoolThread {
    const worker = startWorker(this.#resourceLimits, this.#nice)
    worker.unref()
    const thread: PoolThread = { worker, task: undefined }
    worker.on('message', (reply: AnalysisTaskReply) => {
      const task = thread.task
      if (task === undefined || task.id !== reply.id) return
      thread.task = undefined
      worker.unref()
      this.#meanServiceMs += (performance.now() - task.startedAt - this.#meanServiceMs) / 8
      if ('result' in reply) task.resolve(reply.result)
      else task.reject(errorFromReply(reply.error))
      this.#dispatch()
    })
    const retire = (error: Error) => {
      const index = this.#threads.indexOf(thread)
      if (index >= 0) this.#threads.splice(index, 1)
      thread.task?.reject(error)
      thread.task = undefined
      // Queued requests get a new thread now, not at the next analyze().
      this.#dispatch()
    }
    worker.on('error', (error: Error & { code?: string }) =>
      retire(
        error.code === OUT_OF_MEMORY
          ? outOfMemoryError(this.#resourceLimits)
          : new Error(`analysis thread failed: ${error.message}`),
      ),
    )
    worker.on('exit', (code) => retire(new Error(`analysis thread exited (${code})`)))
    this.#threads.push(thread)
    return thread
  }
}
