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

export class AnalysisPool {
  readonly size: number
  readonly #resourceLimits: ResourceLimits | undefined
  readonly #threads: PoolThread[] = []
  /** Requests waiting for a free thread, oldest first. */
  readonly #queue: Task[] = []
  #nextId = 0
  #closed = false

  /**
   * `size` threads (0: analyse inline on the caller's thread). `resourceLimits` bound each
   * thread's heap: a file that exhausts it fails its own request (XAML_TOO_COMPLEX) and ends
   * that thread only, not the process.
   */
  constructor(size: number, options: { resourceLimits?: ResourceLimits | undefined } = {}) {
    if (!Number.isInteger(size) || size < 0)
      throw new RangeError(`analysis pool size must be ≥ 0, got ${size}`)
    this.size = size
    this.#resourceLimits = options.resourceLimits
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
    return new Promise<AnalysisOutcome>((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, request, resolve, reject })
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
      thread.worker.ref()
      thread.worker.postMessage({ id: task.id, request: task.request } satisfies AnalysisTaskRequest)
    }
  }

  #spawn(): PoolThread {
    const worker = startWorker(this.#resourceLimits)
    worker.unref()
    const thread: PoolThread = { worker, task: undefined }
    worker.on('message', (reply: AnalysisTaskReply) => {
      const task = thread.task
      if (task === undefined || task.id !== reply.id) return
      thread.task = undefined
      worker.unref()
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
