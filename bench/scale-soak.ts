/**
 * Soak and chaos on PostgreSQL (issue 15, part 6): a script, not a test, bounded in time, loopback
 * only. Run (after `npm run build`):
 *   npm run bench:soak                      # SOAK_MINUTES=20 by default
 *   npm run bench:chaos                     # the same load, with the chaos below
 * Knobs: SOAK_MINUTES (20), SOAK_RATE (validations/s, 8), SOAK_WEBHOOKS (3), SOAK_SAMPLE_SECONDS
 * (15), SOAK_DRAIN_MINUTES (10: how long to wait for every delivery after the load), and
 * SOAK_RECEIVER_FAIL_SECONDS (120) / SOAK_ACCEPT_FILL_SECONDS (40) for the chaos.
 *
 * Setup: a private PostgreSQL 15 instance (initdb + pg_ctl as the postgres user, data under
 * /tmp/scale-retention/pg-<mode>, port 42250 — never the shared server, since the chaos restarts
 * it), 2 `serve --role api` (ports 42201, 42202), 2 `--role worker`, 2 `--role scheduler`
 * processes of the built CLI, and bench/soak-receiver.mjs on 42210 with one secret per webhook.
 * Retention is short so the database must stay flat: deliveries and events 2 minutes, failed
 * deliveries 10 minutes, pruned every minute (FLOWCERTA_RETENTION_CRON=* * * * *).
 *
 * Load: SOAK_RATE validations/s (a small corpus file, alternately to both APIs, ≤ 32 in flight);
 * each makes one validation.completed event, delivered to every webhook.
 *
 * Chaos (`--chaos`): every 30 s a random worker is killed with SIGKILL and started again; at 15 %
 * of the run PostgreSQL restarts (`pg_ctl restart -m fast`); at 25 % the receiver answers 503 for
 * SOAK_RECEIVER_FAIL_SECONDS, then its process is replaced by a listener with a backlog of 1 that
 * never accepts (the accept queue fills: connects time out) for SOAK_ACCEPT_FILL_SECONDS, then the
 * receiver comes back. The retry schedule is short (5s,10s,20s,30s and 60s six times: ~7 minutes)
 * so that the outage is inside it.
 *
 * Checks and report: every validation answered 201 arrives at every webhook, and every delivery id
 * seen in the database (sampled every 2 s, before retention prunes it) arrives at least once;
 * duplicates are counted against the documented bound (a killed worker's in-flight cap, 64, per
 * kill, and per worker per PostgreSQL restart). Every SOAK_SAMPLE_SECONDS: deliveries received/s,
 * API and committed→received latency percentiles, RSS of every process, database size, load
 * average. Prints Markdown for bench/README.md and writes the samples as JSON next to the data.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { newId } from '../src/domain/ids.js'
import { createOrg } from '../src/orgs/create-org.js'
import { openStore } from '../src/store/open-store.js'
import type { Store } from '../src/store/store.js'
import { insertWebhook } from '../src/store/webhooks.js'
import { DEFAULT_GLOBAL_CAP } from '../src/webhooks/delivery/delivery-worker.js'
import { encryptSecret } from '../src/webhooks/secret-box.js'
import { generateWebhookSecret, webhookSecretPreview } from '../src/webhooks/webhook-secret.js'
import { CLI_PATH, PROJECT_ROOT, type RunningProcess, startProcess } from '../test/helpers/run-cli.js'

const CHAOS = process.argv.includes('--chaos')
const MODE = CHAOS ? 'chaos' : 'soak'
const MINUTES = Number(process.env.SOAK_MINUTES ?? 20)
const RATE = Number(process.env.SOAK_RATE ?? 8)
const WEBHOOKS = Number(process.env.SOAK_WEBHOOKS ?? 3)
const SAMPLE_MS = Number(process.env.SOAK_SAMPLE_SECONDS ?? 15) * 1000
const DRAIN_MS = Number(process.env.SOAK_DRAIN_MINUTES ?? 10) * 60_000
const RECEIVER_FAIL_MS = Number(process.env.SOAK_RECEIVER_FAIL_SECONDS ?? 120) * 1000
const ACCEPT_FILL_MS = Number(process.env.SOAK_ACCEPT_FILL_SECONDS ?? 40) * 1000
const KILL_EVERY_MS = 30_000
const IN_FLIGHT = 32

const PG_BIN = '/usr/lib/postgresql/15/bin'
const PG_PORT = 42250
const API_PORTS = [42201, 42202]
const RECEIVER_PORT = 42210
const WORK_DIR = '/tmp/scale-retention'
const PG_DATA = path.join(WORK_DIR, `pg-${MODE}`)
const DATABASE_URL = `postgres://postgres@127.0.0.1:${PG_PORT}/flowcerta`
const SMALL_FILE = 'flindersuni-rpa-lint/test/artefacts/uno.xaml'
const CORPUS_DIR = process.env.FLOWCERTA_CORPUS_DIR ?? path.resolve(PROJECT_ROOT, '../shared/corpus')

const log = (text: string) =>
  process.stderr.write(`[${MODE} ${new Date().toISOString().slice(11, 19)}] ${text}\n`)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function asPostgres(args: string[]): string {
  return execFileSync('runuser', ['-u', 'postgres', '--', ...args], { encoding: 'utf8', cwd: '/tmp' })
}
const PG_OPTIONS = `-p ${PG_PORT} -k ${WORK_DIR} -c listen_addresses=127.0.0.1 -c max_connections=200`

function startPrivatePostgres(): void {
  mkdirSync(WORK_DIR, { recursive: true })
  execFileSync('chown', ['postgres', WORK_DIR])
  rmSync(PG_DATA, { recursive: true, force: true })
  asPostgres([`${PG_BIN}/initdb`, '-D', PG_DATA, '-A', 'trust', '-U', 'postgres'])
  asPostgres([`${PG_BIN}/pg_ctl`, '-D', PG_DATA, '-l', `${PG_DATA}.log`, '-o', PG_OPTIONS, '-w', 'start'])
  execFileSync('createdb', ['-h', '127.0.0.1', '-p', String(PG_PORT), '-U', 'postgres', 'flowcerta'])
}

function restartPostgres(): void {
  asPostgres([
    `${PG_BIN}/pg_ctl`,
    '-D',
    PG_DATA,
    '-l',
    `${PG_DATA}.log`,
    '-o',
    PG_OPTIONS,
    '-m',
    'fast',
    '-w',
    'restart',
  ])
}

function stopPrivatePostgres(): void {
  try {
    asPostgres([`${PG_BIN}/pg_ctl`, '-D', PG_DATA, '-m', 'fast', '-w', 'stop'])
  } catch {
    // already stopped
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number
}
const pcts = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  }
}
const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(n >= 100 ? 0 : 1) : '–')

function rssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) / 1024 : Number.NaN
  } catch {
    return Number.NaN
  }
}

interface Served {
  role: 'api' | 'worker' | 'scheduler'
  name: string
  process: RunningProcess
}

async function main(): Promise<void> {
  log(`${MINUTES} min at ${RATE} validations/s, ${WEBHOOKS} webhooks, chaos ${CHAOS}`)
  startPrivatePostgres()
  const store: Store = openStore({ databaseUrl: DATABASE_URL, poolSize: 4 })
  await store.migrate()
  const masterKey = randomBytes(32)
  const org = await createOrg(store, { name: 'soak', adminEmail: 'admin@soak.test', at: Date.now() })
  const secrets = Array.from({ length: WEBHOOKS }, () => generateWebhookSecret())
  for (let i = 0; i < WEBHOOKS; i++) {
    const id = newId()
    await insertWebhook(store.db, {
      id,
      orgId: org.orgId,
      url: `http://127.0.0.1:${RECEIVER_PORT}/hook/${i}`,
      target: 'generic',
      events: ['validation.completed'],
      description: null,
      enabled: true,
      secretEncrypted: encryptSecret(masterKey, secrets[i] as string, id),
      secretPreview: webhookSecretPreview(secrets[i] as string),
      at: Date.now(),
    })
  }

  const receiverLog = path.join(WORK_DIR, `${MODE}-received.log`)
  rmSync(receiverLog, { force: true })
  let receiver: RunningProcess | null = null
  const startReceiver = async () => {
    receiver = startProcess(process.execPath, [path.join(PROJECT_ROOT, 'bench/soak-receiver.mjs')], {
      RECEIVER_SECRETS: JSON.stringify(secrets),
      RECEIVER_LOG: receiverLog,
      PORT: String(RECEIVER_PORT),
    })
    await receiver.waitFor(/listening \d+/, 20_000)
  }
  await startReceiver()

  const env: Record<string, string> = {
    FLOWCERTA_DATA_DIR: path.join(WORK_DIR, `${MODE}-data`),
    FLOWCERTA_DATABASE_URL: DATABASE_URL,
    FLOWCERTA_SECRET_KEY: masterKey.toString('base64'),
    FLOWCERTA_WEBHOOK_ALLOW_CIDRS: '127.0.0.0/8',
    FLOWCERTA_LOG_LEVEL: 'info',
    FLOWCERTA_DATABASE_POOL_SIZE: '10',
    FLOWCERTA_RETENTION_DELIVERIES: '2m',
    FLOWCERTA_RETENTION_EVENTS: '2m',
    FLOWCERTA_RETENTION_FAILED_DELIVERIES: '10m',
    FLOWCERTA_RETENTION_CRON: '* * * * *',
    FLOWCERTA_WEBHOOK_LEASE_SECONDS: '20',
    ...(CHAOS ? { FLOWCERTA_WEBHOOK_RETRY_SCHEDULE: '5s,10s,20s,30s,60s,60s,60s,60s,60s,60s' } : {}),
  }
  const serve = async (role: Served['role'], name: string, port = 0): Promise<Served> => {
    const child = startProcess(process.execPath, [CLI_PATH, 'serve', '--role', role], {
      ...env,
      FLOWCERTA_PORT: String(port),
    })
    await child.waitFor(/flowcerta started/, 60_000)
    return { role, name, process: child }
  }
  const processes: Served[] = await Promise.all([
    serve('api', 'api-1', API_PORTS[0]),
    serve('api', 'api-2', API_PORTS[1]),
    serve('worker', 'worker-1'),
    serve('worker', 'worker-2'),
    serve('scheduler', 'scheduler-1'),
    serve('scheduler', 'scheduler-2'),
  ])
  log('6 processes started')
  // The run's clock starts with the load (not with initdb and the process starts).
  const loadStarted = Date.now()

  // Load.
  const file = readFileSync(path.join(CORPUS_DIR, SMALL_FILE))
  const accepted = new Set<string>()
  const apiLatencies: number[] = []
  let submitted = 0
  let refusedSubmissions = 0
  let inFlight = 0
  const submit = async (n: number) => {
    inFlight++
    const t0 = performance.now()
    try {
      const form = new FormData()
      form.append('file', new Blob([file]), `Soak${n % 50}.xaml`)
      const response = await fetch(`http://127.0.0.1:${API_PORTS[n % 2]}/api/v1/validations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${org.adminKey.apiKey}` },
        body: form,
        signal: AbortSignal.timeout(30_000),
      })
      const body = (await response.json()) as { validationId?: string }
      if (response.status === 201 && body.validationId) {
        accepted.add(body.validationId)
        apiLatencies.push(performance.now() - t0)
      } else refusedSubmissions++
    } catch {
      refusedSubmissions++
    } finally {
      inFlight--
    }
  }
  const loadEnds = loadStarted + MINUTES * 60_000
  const load = (async () => {
    const intervalMs = 1000 / RATE
    let next = Date.now()
    while (Date.now() < loadEnds) {
      if (inFlight < IN_FLIGHT) void submit(submitted++)
      next += intervalMs
      await sleep(Math.max(0, next - Date.now()))
    }
    while (inFlight > 0) await sleep(50)
  })()

  // Delivery ids, read from the database every 2 s before retention can prune them.
  const deliveryIds = new Set<string>()
  let sampling = true
  const idSampler = (async () => {
    while (sampling) {
      try {
        const rows = await store.db
          .selectFrom('deliveries')
          .select('id')
          .where('created_at', '>', Date.now() - 60_000)
          .execute()
        for (const row of rows) deliveryIds.add(row.id)
      } catch {
        // PostgreSQL restarting: the next round reads again (rows live ≥ 2 min).
      }
      await sleep(2000)
    }
  })()

  const readReceived = () => {
    let text = ''
    try {
      text = readFileSync(receiverLog, 'utf8')
    } catch {}
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const [deliveryId = '', hook = '', receivedAt = '', occurredAt = '', validationId = '-'] =
          line.split(' ')
        return {
          deliveryId,
          hook: Number(hook),
          receivedAt: Number(receivedAt),
          occurredAt: Number(occurredAt),
          validationId,
        }
      })
  }

  // Samples over time.
  const samples: Record<string, unknown>[] = []
  let lastCount = 0
  let lastApi = 0
  const sample = async () => {
    const received = readReceived()
    const window = received.slice(lastCount)
    const apiWindow = apiLatencies.slice(lastApi)
    lastCount = received.length
    lastApi = apiLatencies.length
    let dbMb = Number.NaN
    let outboxMb = Number.NaN
    let resultsMb = Number.NaN
    let pending = Number.NaN
    try {
      const size = await sql<{ db: number; outbox: number; results: number }>`select
          pg_database_size('flowcerta')::bigint as db,
          (pg_total_relation_size('deliveries') + pg_total_relation_size('delivery_attempts')
            + pg_total_relation_size('events'))::bigint as outbox,
          (pg_total_relation_size('validations') + pg_total_relation_size('rule_failure_days')
            + pg_total_relation_size('projects'))::bigint as results`.execute(store.db)
      dbMb = Number(size.rows[0]?.db) / 1_048_576
      outboxMb = Number(size.rows[0]?.outbox) / 1_048_576
      resultsMb = Number(size.rows[0]?.results) / 1_048_576
      const row = await store.db
        .selectFrom('deliveries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow()
      pending = Number(row.n)
    } catch {}
    const latency = pcts(window.map((r) => r.receivedAt - r.occurredAt))
    const api = pcts(apiWindow)
    const entry = {
      atS: Math.round((Date.now() - loadStarted) / 1000),
      receivedPerS: window.length / (SAMPLE_MS / 1000),
      deliveryLatencyMs: latency,
      apiLatencyMs: api,
      pending,
      dbMb,
      outboxMb,
      resultsMb,
      rssMb: Object.fromEntries(processes.map((p) => [p.name, Math.round(rssMb(p.process.child.pid))])),
      load1: loadavg()[0] ?? 0,
    }
    samples.push(entry)
    log(
      `t=${entry.atS}s recv ${fmt(entry.receivedPerS)}/s lat p50/p99 ${fmt(latency.p50)}/${fmt(latency.p99)} ms api p99 ${fmt(api.p99)} ms pending ${pending} db ${fmt(dbMb)} MB (deliveries+attempts+events ${fmt(outboxMb)}, results ${fmt(resultsMb)}) rss ${JSON.stringify(entry.rssMb)} load ${entry.load1.toFixed(1)}`,
    )
  }
  const sampler = setInterval(() => void sample(), SAMPLE_MS)

  // Chaos.
  const chaosEvents: string[] = []
  let kills = 0
  let pgRestarts = 0
  const chaos = CHAOS
    ? (async () => {
        const total = MINUTES * 60_000
        const at = (fraction: number) => loadStarted + fraction * total
        const killer = setInterval(() => {
          if (Date.now() > loadEnds - 5000) return
          const workers = processes.filter((p) => p.role === 'worker')
          const victim = workers[Math.floor(Math.random() * workers.length)] as Served
          victim.process.child.kill('SIGKILL')
          kills++
          chaosEvents.push(`${Math.round((Date.now() - loadStarted) / 1000)}s kill -9 ${victim.name}`)
          serve('worker', victim.name).then(
            (fresh) => {
              processes[processes.indexOf(victim)] = fresh
            },
            (error: unknown) =>
              chaosEvents.push(`restart of ${victim.name} failed: ${String(error).slice(0, 200)}`),
          )
        }, KILL_EVERY_MS)
        await sleep(Math.max(0, at(0.15) - Date.now()))
        chaosEvents.push(`${Math.round((Date.now() - loadStarted) / 1000)}s PostgreSQL restart`)
        const t0 = Date.now()
        restartPostgres()
        pgRestarts++
        chaosEvents.push(`  (restart took ${Date.now() - t0} ms)`)
        await sleep(Math.max(0, at(0.25) - Date.now()))
        chaosEvents.push(
          `${Math.round((Date.now() - loadStarted) / 1000)}s receiver answers 503 for ${RECEIVER_FAIL_MS / 1000}s`,
        )
        await fetch(`http://127.0.0.1:${RECEIVER_PORT}/control/fail`, { method: 'POST' })
        await sleep(RECEIVER_FAIL_MS)
        chaosEvents.push(
          `${Math.round((Date.now() - loadStarted) / 1000)}s receiver replaced by a never-accepting listener (backlog 1) for ${ACCEPT_FILL_MS / 1000}s`,
        )
        await (receiver as RunningProcess | null)?.stop()
        const blocker = startProcess(
          '/usr/bin/python3',
          [
            '-c',
            `import socket,time\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\ns.bind(('127.0.0.1',${RECEIVER_PORT}))\ns.listen(1)\nprint('blocking',flush=True)\ntime.sleep(${ACCEPT_FILL_MS / 1000})`,
          ],
          {},
        )
        await blocker.waitFor(/blocking/, 10_000)
        await sleep(ACCEPT_FILL_MS)
        await blocker.stop()
        await startReceiver()
        chaosEvents.push(`${Math.round((Date.now() - loadStarted) / 1000)}s receiver back`)
        while (Date.now() < loadEnds) await sleep(500)
        clearInterval(killer)
      })()
    : Promise.resolve()

  await load
  await chaos
  log(`load done: ${submitted} submitted, ${accepted.size} accepted, ${refusedSubmissions} refused; draining`)

  // Drain: every accepted validation at every webhook, every sampled delivery id received.
  const drainEnds = Date.now() + DRAIN_MS
  let missingPairs = Number.POSITIVE_INFINITY
  let missingIds = Number.POSITIVE_INFINITY
  for (;;) {
    const received = readReceived()
    const pairs = new Set(received.map((r) => `${r.validationId}/${r.hook}`))
    const ids = new Set(received.map((r) => r.deliveryId))
    missingPairs = 0
    for (const id of accepted) for (let h = 0; h < WEBHOOKS; h++) if (!pairs.has(`${id}/${h}`)) missingPairs++
    missingIds = [...deliveryIds].filter((id) => !ids.has(id)).length
    if ((missingPairs === 0 && missingIds === 0) || Date.now() > drainEnds) break
    await sleep(2000)
  }
  const drainedAfterS = Math.round((Date.now() - loadEnds) / 1000)
  await sample()
  clearInterval(sampler)
  sampling = false
  await idSampler

  const received = readReceived()
  const distinct = new Set(received.map((r) => r.deliveryId))
  const duplicates = received.length - distinct.size
  const bound = (kills + pgRestarts * 2) * DEFAULT_GLOBAL_CAP
  const latency = pcts(received.map((r) => r.receivedAt - r.occurredAt))
  const api = pcts(apiLatencies)
  const loadSeconds = (loadEnds - loadStarted) / 1000
  const rows = samples
  type Sample = { rssMb: Record<string, number>; dbMb: number; outboxMb: number; resultsMb: number }
  const first = rows[0] as Sample | undefined
  const mid = rows[Math.floor(rows.length / 2)] as Sample | undefined
  const lastRow = (rows.at(-2) ?? rows.at(-1)) as Sample | undefined
  const sizes = (key: 'dbMb' | 'outboxMb' | 'resultsMb') =>
    `${fmt(first?.[key] ?? Number.NaN)} / ${fmt(mid?.[key] ?? Number.NaN)} / ${fmt(lastRow?.[key] ?? Number.NaN)} / ${fmt(
      Math.max(...rows.map((r) => (r as Sample)[key]).filter(Number.isFinite)),
    )}`

  const lines = [
    `### ${MODE}: ${MINUTES} min, ${RATE} validations/s, ${WEBHOOKS} webhooks, 2 api + 2 worker + 2 scheduler (${new Date().toISOString().slice(0, 16)}Z, load avg ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')})`,
    '',
    `- validations: ${submitted} submitted, ${accepted.size} answered 201 (${fmt(accepted.size / loadSeconds)}/s), ${refusedSubmissions} refused or failed; API p50/p95/p99 ${fmt(api.p50)}/${fmt(api.p95)}/${fmt(api.p99)} ms`,
    `- deliveries: ${received.length} received (${fmt(received.length / loadSeconds)}/s over the load), ${distinct.size} distinct; delivery ids seen in the database ${deliveryIds.size}, not received ${missingIds}; (validation, webhook) pairs not received ${missingPairs}; everything in ${drainedAfterS} s after the load ended`,
    `- duplicates: ${duplicates} (bound: ${DEFAULT_GLOBAL_CAP} in flight × (${kills} worker kills + 2 workers × ${pgRestarts} PostgreSQL restarts) = ${bound})`,
    `- committed → received: p50 ${fmt(latency.p50)} ms, p95 ${fmt(latency.p95)} ms, p99 ${fmt(latency.p99)} ms, max ${fmt(latency.max)} ms`,
    `- RSS MB (first / middle / last sample): ${processes
      .map(
        (p) =>
          `${p.name} ${first?.rssMb[p.name] ?? '–'} / ${mid?.rssMb[p.name] ?? '–'} / ${lastRow?.rssMb[p.name] ?? '–'}`,
      )
      .join('; ')}`,
    `- database size MB (first / middle / last / max): whole database ${sizes('dbMb')}; deliveries + attempts + events (retention 2m) ${sizes('outboxMb')}; results (kept forever by default) ${sizes('resultsMb')}`,
    ...(CHAOS ? ['- chaos:', ...chaosEvents.map((e) => `  - ${e}`)] : []),
    '',
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
  writeFileSync(
    path.join(WORK_DIR, `${MODE}-samples.json`),
    JSON.stringify({ samples, chaosEvents }, null, 1),
  )

  await Promise.allSettled(processes.map((p) => p.process.stop()))
  await (receiver as RunningProcess | null)?.stop()
  await store.close()
  stopPrivatePostgres()
  if (existsSync(PG_DATA)) rmSync(PG_DATA, { recursive: true, force: true })
  process.exitCode = missingIds === 0 && missingPairs === 0 && duplicates <= bound ? 0 : 1
}

main().catch((error) => {
  console.error(error)
  stopPrivatePostgres()
  process.exit(1)
})
