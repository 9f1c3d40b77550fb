/**
 * POST /api/v1/validations under load (a script, not a test).
 *
 *   npm run build && node bench/validations-api.bench.mjs
 *   # BENCH_DURATION=10 BENCH_CONNECTIONS=8,32 FLOWCERTA_CORPUS_DIR=../shared/corpus
 *
 * 1. Starts the real service from dist/ (`node dist/cli/index.js serve`) in a child process, on a
 *    fresh temp data dir (embedded SQLite) and a free port, and takes the first-run admin key from
 *    `<data dir>/initial-admin-key` (stdout is no terminal, so the key is not printed).
 * 2. Picks the corpus `.xaml` closest to 50 KB and sends it as JSON `{fileName, content}`.
 * 3. For each concurrency, runs autocannon in ANOTHER child process (its CLI, `--json`) for a fixed
 *    duration against `GET /healthz` (baseline: HTTP + Fastify only) and then
 *    `POST /api/v1/validations` (auth + parse + analyse + one SQLite transaction with result and
 *    outbox event); reports requests/s and p50/p99 latency, non-2xx counts and the ratio.
 * 4. Also times the analyzer alone in this process on the same bytes (median of N), as the ceiling
 *    one core could reach with no HTTP or storage at all.
 * Prints a Markdown table for bench/README.md.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { autocannon, closestCorpusFile, loadValidations, probeValidation, summarise } from './api-load.mjs'

const ROOT = resolve(import.meta.dirname, '..')
const CLI = join(ROOT, 'dist/cli/index.js')
const CORPUS = resolve(process.env.FLOWCERTA_CORPUS_DIR ?? join(ROOT, '../shared/corpus'))
const DURATION = Number(process.env.BENCH_DURATION ?? 10)
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '8,32').split(',').map(Number)

const { analyzeWorkflow } = await import(join(ROOT, 'dist/analysis/analyze.js'))

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer()
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => done(port))
    })
  })
}

/** The caller's environment without any database settings: the bench always uses embedded SQLite. */
function serverEnv(port) {
  const env = { ...process.env, FLOWCERTA_PUBLIC_URL: `http://127.0.0.1:${port}` }
  delete env.FLOWCERTA_DATABASE_URL
  delete env.FLOWCERTA_DATABASE_SCHEMA
  return env
}

/** Starts `flowcerta serve`; resolves with the first-run admin key once it is written. */
function startServer(dataDir, port) {
  const child = spawn(
    process.execPath,
    [
      CLI,
      'serve',
      '--data-dir',
      dataDir,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--log-level',
      'warn',
    ],
    {
      cwd: ROOT,
      env: serverEnv(port),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  const ready = new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${output}`)), 30_000)
    // Without a terminal the first-run key goes to <data dir>/initial-admin-key (its log line
    // names the file); the file is complete before that line is written.
    const onData = (chunk) => {
      output += chunk
      const key = output.includes('initial-admin-key')
        ? readFileSync(join(dataDir, 'initial-admin-key'), 'utf8').trim()
        : undefined
      if (key !== undefined) {
        clearTimeout(timer)
        child.stdout.off('data', onData)
        done(key)
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', (chunk) => {
      output += chunk
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      fail(new Error(`server exited (${code}):\n${output}`))
    })
  })
  return { child, ready }
}

async function waitForHealthy(base) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return
    } catch {}
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('server never became healthy')
}

function analyzerAlone(bytes, fileName, rounds = 200) {
  for (let i = 0; i < 20; i++) analyzeWorkflow({ content: bytes, fileName })
  const times = []
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint()
    analyzeWorkflow({ content: bytes, fileName })
    times.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}

const file = closestCorpusFile(CORPUS)
const bytes = readFileSync(file.path)
const fileName = file.path.split(/[\\/]/).at(-1)
const analysis = analyzeWorkflow({ content: bytes, fileName })
const analyzerMs = analyzerAlone(bytes, fileName)
console.error(
  `file: ${relative(CORPUS, file.path)} (${bytes.length} bytes, ${analysis.summary.total} findings, score ${analysis.score}); analyzer alone: median ${analyzerMs.toFixed(2)} ms`,
)

const dataDir = mkdtempSync(join(tmpdir(), 'flowcerta-bench-'))
const bodyFile = join(dataDir, 'body.json')
writeFileSync(bodyFile, JSON.stringify({ fileName, content: bytes.toString('utf8'), label: 'bench' }))
const port = await freePort()
const base = `http://127.0.0.1:${port}`
const server = startServer(dataDir, port)
const rows = []
try {
  const apiKey = await server.ready
  await waitForHealthy(base)
  await probeValidation(base, apiKey, bodyFile)

  for (const connections of CONNECTIONS) {
    const common = ['-c', String(connections), '-d', String(DURATION)]
    const health = summarise(await autocannon([...common, `${base}/healthz`]))
    const validations = await loadValidations({ base, apiKey, bodyFile, connections, duration: DURATION })
    rows.push({ connections, health, validations })
    console.error(
      `c=${connections}: healthz ${health.rps.toFixed(0)} req/s p50 ${health.p50} ms p99 ${health.p99} ms | ` +
        `validations ${validations.rps.toFixed(1)} req/s p50 ${validations.p50} ms p99 ${validations.p99} ms ` +
        `(${validations.total} requests, non-2xx ${validations.non2xx}, errors ${validations.errors})`,
    )
  }
} finally {
  server.child.kill('SIGTERM')
  await new Promise((r) => server.child.once('exit', r))
  rmSync(dataDir, { recursive: true, force: true })
}

const date = new Date().toISOString().slice(0, 10)
const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), Node ${process.versions.node}, load avg ${loadavg()[0].toFixed(1)}`
console.log(
  '| date | machine | file | concurrency | duration | healthz req/s (p50/p99 ms) | validations req/s (p50/p99 ms) | non-2xx | validations/healthz | analyzer alone |',
)
console.log('|---|---|---|---|---|---|---|---|---|---|')
for (const { connections, health, validations } of rows) {
  console.log(
    `| ${date} | ${machine} | ${fileName} ${(bytes.length / 1000).toFixed(1)} KB | ${connections} | ${DURATION} s | ` +
      `${health.rps.toFixed(0)} (${health.p50}/${health.p99}) | ${validations.rps.toFixed(1)} (${validations.p50}/${validations.p99}) | ` +
      `${validations.non2xx} | ${(validations.rps / health.rps).toFixed(3)} | ${analyzerMs.toFixed(2)} ms (≈${(1000 / analyzerMs).toFixed(0)}/s) |`,
  )
}
