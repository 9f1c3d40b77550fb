/**
 * Dashboard API benchmark (a script, not a test). Run: `npm run bench:dashboard`
 * (BENCH_ENGINES, default sqlite plus postgres when FLOWCERTA_TEST_DATABASE_URL is set).
 * Stores, through the store functions, 10,000 results of one org (200 projects, findings of 20
 * rules, spread over 60 days), 5 webhooks and 50,000 deliveries (10,000 events fanned out, most
 * succeeded, some failed or pending), then serves the API on 127.0.0.1 (a real listening server)
 * and times, over HTTP with a Bearer key, the calls behind the dashboard's overview, results list
 * and deliveries list pages, 200 times each after 20 warm-ups. Prints p50/p95 in ms per engine.
 */
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { request } from 'undici'
import { buildApp } from '../src/api/app.js'
import { buildEnvelope } from '../src/domain/events/event-envelope.js'
import { newId } from '../src/domain/ids.js'
import { createLogger } from '../src/logging/create-logger.js'
import { issueApiKey } from '../src/orgs/create-api-key.js'
import { recordEvent } from '../src/store/events.js'
import { insertOrg } from '../src/store/orgs.js'
import type { Store } from '../src/store/store.js'
import { insertValidation, type StoredFinding, type StoredValidation } from '../src/store/validations.js'
import { insertWebhook } from '../src/store/webhooks.js'
import { BENCH_ENGINES, insertInBatches, openBenchStore } from './bench-server.js'
import { benchValidation } from './bench-validations.js'

const RESULTS = 10_000
const PROJECTS = 200
const WEBHOOKS = 5
const EVENTS = 10_000 // × WEBHOOKS deliveries
const RULES = 20
const ROUNDS = 200
const WARM_UP = 20
const DAY = 86_400_000

function finding(index: number, n: number): StoredFinding {
  const rule = (index * 7 + n * 3) % RULES
  return {
    ruleId: `FC-UIP-BEN-${String(rule).padStart(3, '0')}`,
    severity: 'medium',
    category: 'maintainability',
    location: `Main.xaml:${n + 1}`,
    description: 'bench',
    line: n + 1,
    column: 1,
    activity: 'Sequence',
    message: null,
    recommendation: 'bench',
    docsUrl: 'http://127.0.0.1/docs/rules/x',
    waived: n === 0 && index % 10 === 0,
    exceptionId: null,
    fingerprint: `${index}-${n}`,
    isNew: false,
  }
}

function validation(orgId: string, index: number, now: number): StoredValidation {
  return benchValidation(orgId, index, {
    project: (i) => `Project ${String(i % PROJECTS).padStart(3, '0')}`,
    score: (i) => 40 + ((i * 13) % 61),
    // Oldest first, spread over 60 days up to now.
    validatedAt: (i) => now - 60 * DAY + Math.floor((i / RESULTS) * 60 * DAY),
    findings: (i) => Array.from({ length: 6 }, (_, n) => finding(i, n)),
  })
}

async function seed(store: Store, now: number): Promise<{ orgId: string; webhookIds: string[] }> {
  const org = await insertOrg(store.db, { name: 'bench', createdAt: now })
  await insertInBatches(store, RESULTS, 500, (trx, i) => insertValidation(trx, validation(org.id, i, now)))
  const webhookIds: string[] = []
  for (let i = 0; i < WEBHOOKS; i++) {
    const webhook = await insertWebhook(store.db, {
      id: newId(),
      orgId: org.id,
      url: `https://receiver${i}.example.com/hook`,
      target: 'generic',
      events: ['*'],
      description: null,
      enabled: true,
      // Never opened: nothing is sent in this benchmark.
      secretEncrypted: 'unused',
      secretPreview: 'whsec_ben…0000',
      at: now,
    })
    webhookIds.push(webhook.id)
  }
  await insertInBatches(store, EVENTS, 500, (trx, i) =>
    recordEvent(
      trx,
      store.capabilities,
      buildEnvelope(i % 2 === 0 ? 'validation.completed' : 'validation.failed', org.id, now, { i }),
    ),
  )
  // Most delivered, one in 20 failed, the newest pending.
  await sql`update deliveries set status = 'succeeded', attempt_count = 1, last_status_code = 200,
    completed_at = created_at, next_attempt_at = null`.execute(store.db)
  await sql`update deliveries set status = 'failed', last_status_code = 500
    where substr(id, 36, 1) in ('0')`.execute(store.db)
  // Statistics, as autovacuum (PostgreSQL) would have gathered after these inserts; SQLite's
  // default installation never runs ANALYZE, so it is left without.
  if (store.engine === 'postgres') await sql`analyze`.execute(store.db)
  return { orgId: org.id, webhookIds }
}

async function timed(url: string, key: string): Promise<{ p50: number; p95: number; bytes: number }> {
  const times: number[] = []
  let bytes = 0
  for (let i = 0; i < ROUNDS + WARM_UP; i++) {
    const started = performance.now()
    const res = await request(url, { headers: { authorization: `Bearer ${key}` } })
    const body = await res.body.text()
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${body.slice(0, 200)}`)
    if (i >= WARM_UP) times.push(performance.now() - started)
    bytes = body.length
  }
  times.sort((a, b) => a - b)
  return { p50: times[Math.floor(ROUNDS * 0.5)] ?? 0, p95: times[Math.floor(ROUNDS * 0.95)] ?? 0, bytes }
}

async function run(engine: string): Promise<void> {
  const bench = await openBenchStore(engine, 'fc-dashboard-bench-')
  const { store } = bench
  try {
    const now = Date.now()
    const loadStart = performance.now()
    const { orgId, webhookIds } = await seed(store, now)
    const loadSeconds = (performance.now() - loadStart) / 1000
    const key = await issueApiKey(store.db, {
      orgId,
      email: 'admin@bench.test',
      role: 'admin',
      name: 'bench',
      at: now,
    })
    const app = await buildApp({
      store,
      logger: createLogger('silent'),
      publicUrl: 'http://127.0.0.1',
      secretKey: randomBytes(32),
    })
    const base = await app.listen({ host: '127.0.0.1', port: 0 })
    try {
      const webhook = webhookIds[0] ?? ''
      const cases: Array<[string, string]> = [
        ['overview (30 days)', '/api/v1/overview?days=30'],
        ['overview (365 days)', '/api/v1/overview?days=365'],
        ['results, newest 50', '/api/v1/results?limit=50'],
        ['results, passed=false, 50', '/api/v1/results?limit=50&passed=false'],
        ['results, one project, 50', `/api/v1/results?limit=50&project=${encodeURIComponent('Project 007')}`],
        [
          'results, last 7 days, 50',
          `/api/v1/results?limit=50&since=${new Date(now - 7 * DAY).toISOString()}`,
        ],
        ['projects, newest 25 (with previousScore)', '/api/v1/projects?limit=25'],
        ['webhooks list (with stats)', '/api/v1/org-webhooks'],
        ['deliveries of a webhook, 50', `/api/v1/org-webhooks/${webhook}/deliveries?limit=50`],
        [
          'deliveries, status=failed, 50',
          `/api/v1/org-webhooks/${webhook}/deliveries?limit=50&status=failed`,
        ],
      ]
      const deliveries = await store.db
        .selectFrom('deliveries')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
      console.log(
        `\n${engine}: ${RESULTS} results, ${PROJECTS} projects, ${Number(deliveries.n)} deliveries stored in ${loadSeconds.toFixed(1)} s`,
      )
      console.log('| call | p50 (ms) | p95 (ms) | body (bytes) |')
      console.log('|---|---|---|---|')
      for (const [name, path] of cases) {
        const { p50, p95, bytes } = await timed(`${base}${path}`, key.apiKey)
        console.log(`| ${name} | ${p50.toFixed(2)} | ${p95.toFixed(2)} | ${bytes} |`)
      }
    } finally {
      await app.close()
    }
  } finally {
    await bench.close()
  }
}

for (const engine of BENCH_ENGINES) await run(engine)
