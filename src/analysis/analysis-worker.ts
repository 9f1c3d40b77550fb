/**
 * The analysis pool's worker thread (analysis-pool.ts): runs each request it is sent and posts
 * back the result, or the error as data (errors do not survive a thread boundary as classes).
 */
import { setPriority } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import type { AnalysisTaskReply, AnalysisTaskRequest } from './analysis-pool.js'
import { runAnalysisRequest } from './analysis-request.js'
import { UnknownPolicyPackError } from './analyze.js'
import { InputFileError } from './platform-analyzer.js'
import { XamlError } from './xaml/xaml-error.js'

function errorAsData(error: unknown): Extract<AnalysisTaskReply, { error: unknown }>['error'] {
  if (error instanceof XamlError) {
    return {
      kind: 'xaml',
      code: error.code,
      message: error.message,
      line: error.line,
      column: error.column,
      limit: error.limit,
    }
  }
  if (error instanceof UnknownPolicyPackError) return { kind: 'pack', slug: error.slug }
  if (error instanceof InputFileError) {
    return { kind: 'input', code: error.code, message: error.message, position: { ...error.position } }
  }
  return { kind: 'other', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }
}

/**
 * Lowers this thread's CPU priority (analysis-pool.ts says why). Linux keeps a nice value per
 * thread, so this leaves the main thread — API, delivery worker — at its own; elsewhere
 * setpriority(0) would lower the whole process, so it is left alone there.
 */
function lowerThreadPriority(nice: unknown): void {
  if (process.platform !== 'linux' || typeof nice !== 'number' || nice <= 0) return
  try {
    setPriority(0, nice)
  } catch {
    // Not allowed here (a sandbox): analyses run at the main thread's priority, as before.
  }
}

lowerThreadPriority((workerData as { nice?: unknown } | null)?.nice)

parentPort?.on('message', ({ id, request }: AnalysisTaskRequest) => {
  let reply: AnalysisTaskReply
  try {
    reply = { id, result: runAnalysisRequest(request) }
  } catch (error) {
    reply = { id, error: errorAsData(error) }
  }
  parentPort?.postMessage(reply)
})
