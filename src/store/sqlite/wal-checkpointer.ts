/**
 * WAL checkpoints off the event loop.
 *
 * SQLite in WAL mode appends every commit to the -wal file and copies it back into the database
 * file at a checkpoint. By default the commit that crosses 1,000 WAL pages runs that checkpoint
 * itself, synchronously — copying the pages and fsyncing the database file — which froze the
 * one Node.js thread for several milliseconds at random commits (the p99 of webhook delivery
 * latency was mostly this). So the store's connection turns automatic checkpoints off and this
 * module runs them on a worker thread with its own connection: the main thread checks the WAL's
 * size (a stat) every `checkIntervalMs`, and past `walPagesThreshold` pages asks the thread for a
 * PASSIVE checkpoint, which never waits for or blocks the writer. Once a checkpoint has caught
 * up, SQLite starts the WAL over at the next commit (and cuts the file back to the threshold), so
 * it stays about `walPagesThreshold` pages long.
 *
 * The thread starts on the first checkpoint (short-lived stores, as in tests, never start one).
 * If it cannot start or dies, the connection gets automatic checkpoints back: slower tails,
 * nothing lost.
 */
import { statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type BetterSqlite3 from 'better-sqlite3'

export interface WalCheckpointerOptions {
  /** WAL pages past which a checkpoint is asked for. Default 1,000 (SQLite's own default). */
  walPagesThreshold?: number
  /** How often the WAL's size is looked at. Default 100 ms. */
  checkIntervalMs?: number
  /** The driver module the thread loads; tests point it at a missing one to see the fall-back. */
  driverPath?: string
}

/** SQLite's default `wal_autocheckpoint`, restored when the thread is not there. */
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000

/**
 * The worker thread's code (CommonJS, evaluated): one connection, a PASSIVE checkpoint per
 * message, the result posted back. Kept as text so it runs the same from src/ (tsx, vitest) and
 * from dist/.
 */
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driverPath)
const db = new Database(workerData.filename, { timeout: 0 })
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close()
    parentPort.close()
    return
  }
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)')
    parentPort.postMessage({ ok: true, result })
  } catch (error) {
    parentPort.postMessage({ ok: false, message: String(error && error.message) })
  }
})
`

export class WalCheckpointer {
  readonly #database: BetterSqlite3.Database
  readonly #filename: string
  readonly #thresholdBytes: number
  readonly #driverPath: string
  readonly #timer: NodeJS.Timeout
  #worker: Worker | null = null
  #busy = false
  #failed = false
  #closed = false

  constructor(database: BetterSqlite3.Database, filename: string, options: WalCheckpointerOptions = {}) {
    this.#database = database
    this.#filename = filename
    const pageSize = Number(database.pragma('page_size', { simple: true }))
    this.#thresholdBytes = (options.walPagesThreshold ?? SQLITE_DEFAULT_AUTOCHECKPOINT) * pageSize
    this.#driverPath = options.driverPath ?? createRequire(import.meta.url).resolve('better-sqlite3')
    database.pragma('wal_autocheckpoint = 0')
    // When the WAL starts over after a checkpoint, SQLite cuts the file back to this size (it
    // would otherwise stay as long as the longest stretch between checkpoints ever made it).
    database.pragma(`journal_size_limit = ${this.#thresholdBytes}`)
    this.#timer = setInterval(() => this.#check(), options.checkIntervalMs ?? 100)
    this.#timer.unref()
  }

  /** True while checkpoints run on the thread (false once it has fallen back to automatic ones). */
  get active(): boolean {
    return !this.#failed && !this.#closed
  }

  /** Stops the thread (after its checkpoint in progress, if any). The connection is the caller's. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    clearInterval(this.#timer)
    const worker = this.#worker
    this.#worker = null
    if (worker === null) return
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
    worker.ref() // else an otherwise idle process would end before the thread does
    worker.postMessage('close')
    await exited
  }

  #check(): void {
    if (this.#busy || this.#failed || this.#closed) return
    let walBytes: number
    try {
      walBytes = statSync(`${this.#filename}-wal`).size
    } catch {
      return // no WAL file yet
    }
    if (walBytes < this.#thresholdBytes) return
    try {
      this.#worker ??= this.#startWorker()
      this.#busy = true
      this.#worker.postMessage('checkpoint')
    } catch {
      this.#fallBack()
    }
  }

  #startWorker(): Worker {
    const worker = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: { driverPath: this.#driverPath, filename: this.#filename },
    })
    worker.unref()
    worker.on('message', (reply: { ok: boolean }) => {
      this.#busy = false
      if (!reply.ok) this.#fallBack()
    })
    worker.on('error', () => this.#fallBack())
    worker.on('exit', () => {
      if (!this.#closed) this.#fallBack()
    })
    return worker
  }

  /** The thread is gone: the connection checkpoints by itself again. */
  #fallBack(): void {
    if (this.#failed || this.#closed) return
    this.#failed = true
    this.#busy = false
    clearInterval(this.#timer)
    void this.#worker?.terminate()
    this.#worker = null
    if (this.#database.open) this.#database.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`)
  }
}
