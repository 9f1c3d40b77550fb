/**
 * The shared pieces of the benchmarks. For those that measure the built service as a child
 * process: start it on a fresh data dir (embedded SQLite) and a free port, take its first-run
 * admin key, and read its resident and peak resident memory from /proc (Linux). For those that
 * measure the store in-process: a migrated store per engine (`openBenchStore`), seeding in
 * transactions (`insertInBatches`), and the percentiles they report.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { type Kysely, sql } from 'kysely'
import type { Database } from '../src/store/database.js'
import { openStore } from '../src/store/open-store.js'
import type { Store } from '../src/store/store.js'

const ROOT = resolve(import.meta.dirname, '..')
/** The service to start: this checkout's build, or BENCH_CLI (e.g. another commit's build, to compare). */
const CLI = resolve(process.env.BENCH_CLI ?? join(ROOT, 'dist/cli/index.js'))

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer()
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => done(typeof address === 'object' && address !== null ? address.port : 0))
    })
  })
}

/** The caller's environment without database settings: the bench always uses embedded SQLite. */
export function serverEnv(port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, FLOWCERTA_PUBLIC_URL: `http://127.0.0.1:${port}` }
  delete env.FLOWCERTA_DATABASE_URL
  delete env.FLOWCERTA_DATABASE_SCHEMA
  return env
}

const KEY_PATTERN = /fc_[0-9A-Za-z]{43}/

export function startServer(dataDir: string, port: number): { child: ChildProcess; ready: Promise<string> } {
  const args = [CLI, 'serve', '--data-dir', dataDir, '--port', String(port), '--host', '127.0.0.1']
  const child = spawn(process.execPath, [...args, '--log-level', 'warn'], {
    cwd: ROOT,
    env: serverEnv(port),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const ready = new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${output}`)), 30_000)
    const poll = setInterval(() => {
      const keyFile = join(dataDir, 'initial-admin-key')
      const key = (existsSync(keyFile) ? readFileSync(keyFile, 'utf8') : output).match(KEY_PATTERN)?.[0]
      if (key === undefined) return
      clearTimeout(timer)
      clearInterval(poll)
      done(key)
    }, 50)
    const collect = (chunk: Buffer) => {
      output += chunk.toString()
    }
    child.stdout?.on('data', collect)
    child.stderr?.on('data', collect)
    child.once('exit', (code) => {
      clearTimeout(timer)
      clearInterval(poll)
      fail(new Error(`server exited (${code}):\n${output}`))
    })
  })
  return { child, ready }
}

export async function waitForHealthy(base: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return
    } catch {}
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('server never became healthy')
}

/** Resident and peak resident memory of `pid`, in bytes. */
export function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0)
  return { rss: kib('VmRSS') * 1024, hwm: kib('VmHWM') * 1024 }
}

/** Resets the kernel's peak-RSS counter of `pid` (Linux ≥ 4.0), so VmHWM is the peak from now on. */
export function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5')
}

/** Lets the previous request's garbage go (threads and the main heap collect when idle). */
export function settle(): Promise<void> {
  return new Promise((r) => setTimeout(r, 1500))
}

export interface RunningBenchServer {
  readonly base: string
  readonly apiKey: string
  readonly pid: number
}

/**
 * Runs `work` against a fresh server (own temp data dir, free port, its first admin key), then
 * stops it and deletes its data: one server per scenario, so one scenario's garbage is not the
 * next one's peak.
 */
export async function withServer<T>(
  prefix: string,
  work: (server: RunningBenchServer) => Promise<T>,
): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix))
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const server = startServer(dataDir, port)
  try {
    const apiKey = await server.ready
    await waitForHealthy(base)
    return await work({ base, apiKey, pid: server.child.pid as number })
  } finally {
    server.child.kill('SIGTERM')
    await new Promise((done) => server.child.once('exit', done))
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/**
 * Lets the server settle, resets its peak-RSS counter, runs `work` while sampling VmRSS every
 * 5 ms, and returns the work's result with the peak RSS during it (the larger of VmHWM and the samples).
 */
export async function peakDuring<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ result: T; peak: number }> {
  await settle()
  resetPeak(pid)
  let sampled = 0
  const sampler = setInterval(() => {
    sampled = Math.max(sampled, memoryOf(pid).rss)
  }, 5)
  try {
    const result = await work()
    return { result, peak: Math.max(memoryOf(pid).hwm, sampled) }
  } finally {
    clearInterval(sampler)
  }
}

/** FLOWCERTA_TEST_DATABASE_URL: the PostgreSQL the store benchmarks use besides SQLite. */
export const BENCH_PG_URL = process.env.FLOWCERTA_TEST_DATABASE_URL

/** BENCH_ENGINES (comma-separated), default SQLite plus PostgreSQL when BENCH_PG_URL is set. */
export const BENCH_ENGINES = (
  process.env.BENCH_ENGINES ?? (BENCH_PG_URL ? 'sqlite,postgres' : 'sqlite')
).split(',')

export interface BenchStore {
  readonly store: Store
  /** Drops the PostgreSQL schema or deletes the SQLite folder, and closes the store. */
  close(): Promise<void>
}

/**
 * A migrated, empty store for one run on `engine`: SQLite in a fresh temp folder named `prefix…`,
 * or a schema of its own on BENCH_PG_URL.
 */
export async function openBenchStore(engine: string, prefix: string): Promise<BenchStore> {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const schema = `b_${randomBytes(6).toString('hex')}`
  const store =
    engine === 'postgres'
      ? openStore({ databaseUrl: BENCH_PG_URL ?? '', schema })
      : openStore({ databaseUrl: join(dir, 'flowcerta.db') })
  const close = async () => {
    try {
      if (engine === 'postgres') await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(store.db)
    } finally {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
  try {
    await store.migrate()
  } catch (error) {
    await close()
    throw error
  }
  return { store, close }
}

/** Calls `insert(trx, i)` for i = 0 … count − 1, `perTransaction` calls a transaction. */
export async function insertInBatches(
  store: Store,
  count: number,
  perTransaction: number,
  insert: (trx: Kysely<Database>, index: number) => Promise<unknown>,
): Promise<void> {
  for (let done = 0; done < count; done += perTransaction) {
    await store.transaction(async (trx) => {
      for (let i = done; i < Math.min(count, done + perTransaction); i++) await insert(trx, i)
    })
  }
}

/** The nearest-rank p-th percentile (0–100) of `values`; NaN when there are none. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}

export const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN
