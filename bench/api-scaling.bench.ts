/**
 * Analysis scaling with API processes (issue 15 part 4; a script, not a test). Run:
 *   FLOWCERTA_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> npm run bench:api-scaling
 * Knobs: BENCH_DURATION (10 s per run), BENCH_CONNECTIONS (8 per API process), BENCH_ROUNDS (2),
 * BENCH_PORT (43700: the SQLite process; +1 and +2 the two PostgreSQL API processes).
 *
 * PostgreSQL (a fresh schema of that database, dropped at the end): 2 `serve --role api` and
 * 1 `--role worker` of the built CLI on one database, no webhooks (so the worker has nothing to
 * deliver: the figure is the API's). SQLite, the reference: 1 `serve` (role all) on a temp file.
 * Every process runs with the same FLOWCERTA_ANALYSIS_THREADS (default: cores − 1, at most 4).
 *
 * A run: autocannon (its CLI, one process per API process) POSTs /api/v1/validations with the
 * corpus .xaml closest to 50 KB as JSON (as bench/validations-api.bench.mjs does) at
 * BENCH_CONNECTIONS per API process for BENCH_DURATION s:
 *   - sqlite ×1: the SQLite process;
 *   - postgres ×1: api-1 alone (api-2 idle);
 *   - postgres ×2: api-1 and api-2 at the same time; validations/s is the sum of the two runs.
 * Each round runs the three in turn, so a shared machine's drift falls on all of them.
 * Reports per run validations/s, p50/p99 per process, non-2xx and errors, the CPU the API
 * processes used (cores, from /proc/<pid>/stat: all threads, and the main threads apart), validations
 * per CPU-second of them (what a validation costs, whatever share of the cores the machine gave)
 * and the load average; then the ratio 2-vs-1 per round. Prints Markdown for bench/README.md.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { CONFIG_SETTINGS } from '../src/config/config-settings.js'
import type { RunningProcess } from '../test/helpers/run-cli.js'
import {
  openSystemDatabase,
  type SystemDatabase,
  servedAddress,
  startServe,
} from '../test/webhooks/system-test-kit.js'
import { closestCorpusFile, type LoadSummary, loadValidations, probeValidation } from './api-load.mjs'

const DURATION = Number(process.env.BENCH_DURATION ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2)
const PORT = Number(process.env.BENCH_PORT ?? 43700)
const CORPUS_DIR = process.env.FLOWCERTA_CORPUS_DIR ?? path.join(import.meta.dirname, '../../shared/corpus')
const THREADS =
  process.env.FLOWCERTA_ANALYSIS_THREADS?.trim() || `${CONFIG_SETTINGS.analysisThreads.default} (default)`

const log = (text: string) => process.stderr.write(`[api-scaling] ${text}\n`)
const loadAvg = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')

type CpuTime = { all: number; main: number }

/**
 * User + system CPU seconds so far (Linux, 100 ticks/s) of a process and all its threads, and of
 * its main thread alone (HTTP, JSON, database); the rest is the analysis thread, plus V8's GC
 * helpers and libuv's pool (all threads are named "node", so they are not told apart).
 */
function cpuSeconds(pid: number): CpuTime {
  const ticks = (file: string) => {
    // After "pid (comm) ": state is field 3, utime 14, stime 15.
    const fields = readFileSync(file, 'utf8').split(') ')[1]?.split(' ') ?? []
    return (Number(fields[11]) + Number(fields[12])) / 100
  }
  return { all: ticks(`/proc/${pid}/stat`), main: ticks(`/proc/${pid}/task/${pid}/stat`) }
}

interface Api {
  name: string
  base: string
  pid: number
}

interface Run {
  round: number
  setup: string
  perProcess: LoadSummary[]
  validationsPerS: number
  apiCores: number
  mainThreadCores: number
  load: string
}

async function loadAll(
  round: number,
  setup: string,
  apis: Api[],
  apiKey: string,
  body: string,
): Promise<Run> {
  const cpuBefore = apis.map((api) => cpuSeconds(api.pid))
  const started = performance.now()
  const perProcess = await Promise.all(
    apis.map((api) =>
      loadValidations({
        base: api.base,
        apiKey,
        bodyFile: body,
        connections: CONNECTIONS,
        duration: DURATION,
      }),
    ),
  )
  const seconds = (performance.now() - started) / 1000
  const cpuAfter = apis.map((api) => cpuSeconds(api.pid))
  const used = (pick: (c: CpuTime) => number) =>
    cpuAfter.reduce((sum, after, i) => sum + pick(after) - pick(cpuBefore[i] as CpuTime), 0)
  const run: Run = {
    round,
    setup,
    perProcess,
    validationsPerS: perProcess.reduce((sum, r) => sum + r.rps, 0),
    apiCores: used((c) => c.all) / seconds,
    mainThreadCores: used((c) => c.main) / seconds,
    load: loadAvg(),
  }
  log(
    `round ${round} ${setup}: ${run.validationsPerS.toFixed(1)} validations/s (${perProcess
      .map((r) => `${r.rps.toFixed(1)}/s p50 ${r.p50} p99 ${r.p99} non-2xx ${r.non2xx} errors ${r.errors}`)
      .join(
        ' | ',
      )}), API CPU ${run.apiCores.toFixed(2)} cores (main threads ${run.mainThreadCores.toFixed(2)}), load ${run.load}`,
  )
  return run
}

async function main(): Promise<void> {
  const file = closestCorpusFile(CORPUS_DIR)
  const fileName = path.basename(file.path)
  const scratch = path.join(tmpdir(), `api-scaling-${process.pid}`)
  mkdirSync(scratch, { recursive: true })
  const body = path.join(scratch, 'body.json')
  writeFileSync(
    body,
    JSON.stringify({ fileName, content: readFileSync(file.path, 'utf8'), label: 'api-scaling' }),
  )
  log(`file ${fileName} (${file.size} bytes); analysis threads per process ${THREADS}; load ${loadAvg()}`)

  const databases: SystemDatabase[] = []
  const processes: RunningProcess[] = []
  const serve = async (db: SystemDatabase, role: 'all' | 'api' | 'worker', port: number) => {
    const child = await startServe(db, role, { FLOWCERTA_PORT: String(port), FLOWCERTA_LOG_LEVEL: 'info' })
    processes.push(child)
    return child
  }
  const apiOf = (name: string, child: RunningProcess): Api => ({
    name,
    base: servedAddress(child),
    pid: child.child.pid as number,
  })
  const runs: Run[] = []
  try {
    const sqlite = await openSystemDatabase('sqlite')
    databases.push(sqlite)
    const postgres = await openSystemDatabase('postgres')
    databases.push(postgres)
    const sqliteApi = apiOf('sqlite', await serve(sqlite, 'all', PORT))
    // One at a time: each `serve` migrates on start, and the first creates the schema's tables.
    const api1 = apiOf('api-1', await serve(postgres, 'api', PORT + 1))
    const api2 = apiOf('api-2', await serve(postgres, 'api', PORT + 2))
    await serve(postgres, 'worker', 0)
    await probeValidation(sqliteApi.base, sqlite.adminKey, body)
    for (const api of [api1, api2]) await probeValidation(api.base, postgres.adminKey, body)

    for (let round = 1; round <= ROUNDS; round++) {
      runs.push(await loadAll(round, 'sqlite ×1', [sqliteApi], sqlite.adminKey, body))
      runs.push(await loadAll(round, 'postgres ×1', [api1], postgres.adminKey, body))
      runs.push(await loadAll(round, 'postgres ×2', [api1, api2], postgres.adminKey, body))
    }
  } finally {
    await Promise.allSettled(processes.map((p) => p.stop()))
    await Promise.allSettled(databases.map((db) => db.cleanup()))
    rmSync(scratch, { recursive: true, force: true })
  }

  const perProcess = (run: Run, pick: (r: LoadSummary) => number) =>
    run.perProcess.map((r) => pick(r).toFixed(0)).join(' + ')
  const figure = (setup: string, round: number) =>
    runs.find((r) => r.setup === setup && r.round === round)?.validationsPerS ?? Number.NaN
  const lines = [
    `${new Date().toISOString().slice(0, 16)}Z, ${availableParallelism()} cores, Node ${process.versions.node}, ${fileName} (${(file.size / 1000).toFixed(1)} KB), ${CONNECTIONS} connections per API process, ${DURATION} s per run, analysis threads per process ${THREADS}:`,
    '',
    '| round | setup | validations/s (per process) | p50 ms | p99 ms | non-2xx | errors | API CPU, cores (main threads) | validations per API CPU-s | load avg 1/5/15 |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...runs.map(
      (run) =>
        `| ${run.round} | ${run.setup} | ${run.validationsPerS.toFixed(1)}${run.perProcess.length > 1 ? ` (${perProcess(run, (r) => r.rps)})` : ''} | ${perProcess(run, (r) => r.p50)} | ${perProcess(run, (r) => r.p99)} | ${run.perProcess.reduce((s, r) => s + r.non2xx, 0)} | ${run.perProcess.reduce((s, r) => s + r.errors, 0)} | ${run.apiCores.toFixed(2)} (${run.mainThreadCores.toFixed(2)}) | ${(run.validationsPerS / run.apiCores).toFixed(0)} | ${run.load} |`,
    ),
    '',
    ...Array.from({ length: ROUNDS }, (_, i) => {
      const round = i + 1
      const one = figure('postgres ×1', round)
      return `- round ${round}: postgres 2 vs 1 process ${(figure('postgres ×2', round) / one).toFixed(2)}; postgres ×1 / sqlite ×1 ${(one / figure('sqlite ×1', round)).toFixed(2)}`
    }),
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
  const failed = runs.some((run) => run.perProcess.some((r) => r.non2xx > 0 || r.errors > 0))
  process.exitCode = failed ? 1 : 0
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
