/**
 * Pieces of the webhook system tests (real receivers, real `flowcerta serve` processes, real
 * databases): a database both the test and the spawned processes reach, webhooks written with
 * known secrets, bursts of events through `recordEvent`, and `flowcerta serve --role …` processes.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { buildEnvelope } from '../../src/domain/events/event-envelope.js'
import { newId } from '../../src/domain/ids.js'
import { createOrg } from '../../src/orgs/create-org.js'
import { recordEvent } from '../../src/store/events.js'
import type { Store, StoreEngine } from '../../src/store/store.js'
import { insertWebhook } from '../../src/store/webhooks.js'
import { encryptSecret } from '../../src/webhooks/secret-box.js'
import { generateWebhookSecret, webhookSecretPreview } from '../../src/webhooks/webhook-secret.js'
import { CLI_PATH, type RunningProcess, startProcess } from '../helpers/run-cli.js'
import { openTestStore, type TestStore } from '../helpers/test-stores.js'

/** A migrated database for one test, with one org, and the env that points processes at it. */
export interface SystemDatabase {
  testStore: TestStore
  store: Store
  engine: StoreEngine
  orgId: string
  /** The org's first admin API key (Bearer token). */
  adminKey: string
  masterKey: Buffer
  /** FLOWCERTA_* variables for `flowcerta serve` on this database (data dir, URL, schema, key, allow-list). */
  env: Record<string, string>
  cleanup(): Promise<void>
}

/**
 * Kysely's Migrator introspects every schema of the database (has_schema_privilege on each), which
 * fails when another test drops its schema at that moment: a race of the shared test database
 * during migration, not what these tests are about. Retried a few times; anything else fails.
 */
async function retryOnForeignSchemaDrop<T>(start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start()
    } catch (error) {
      if (attempt >= 3 || !/schema "[^"]+" does not exist/.test(String(error))) throw error
    }
  }
}

export async function openSystemDatabase(engine: StoreEngine): Promise<SystemDatabase> {
  const testStore = await retryOnForeignSchemaDrop(() => openTestStore(engine))
  const dataDir = mkdtempSync(path.join(tmpdir(), 'flowcerta-system-'))
  const masterKey = randomBytes(32)
  const org = await createOrg(testStore.store, {
    name: 'system-org',
    adminEmail: 'admin@system.test',
    at: Date.now(),
  })
  const env: Record<string, string> = {
    FLOWCERTA_DATA_DIR: dataDir,
    FLOWCERTA_DATABASE_URL: testStore.databaseUrl,
    FLOWCERTA_SECRET_KEY: masterKey.toString('base64'),
    // Receivers run on loopback: open it for the SSRF guard and plain http.
    FLOWCERTA_WEBHOOK_ALLOW_CIDRS: '127.0.0.0/8',
    FLOWCERTA_LOG_LEVEL: 'info',
  }
  if (testStore.schema !== undefined) env.FLOWCERTA_DATABASE_SCHEMA = testStore.schema
  return {
    testStore,
    store: testStore.store,
    engine,
    orgId: org.orgId,
    adminKey: org.adminKey.apiKey,
    masterKey,
    env,
    cleanup: async () => {
      await testStore.cleanup()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Writes an enabled webhook subscribed to `events` with a fresh secret; returns its id and secret. */
export async function createWebhookWithSecret(
  db: SystemDatabase,
  input: { url: string; events?: string[]; secret?: string },
): Promise<{ id: string; secret: string }> {
  const id = newId()
  const secret = input.secret ?? generateWebhookSecret()
  await insertWebhook(db.store.db, {
    id,
    orgId: db.orgId,
    url: input.url,
    target: 'generic',
    events: input.events ?? ['*'],
    description: null,
    enabled: true,
    // Sealed as the API seals it: under the master key, bound to the webhook id.
    secretEncrypted: encryptSecret(db.masterKey, secret, id),
    secretPreview: webhookSecretPreview(secret),
    at: Date.now(),
  })
  return { id, secret }
}

/** A schema-valid `validation.completed` envelope tagged with `label` (receivers log it). */
export function labelledEnvelope(orgId: string, label: string, at = Date.now()) {
  return buildEnvelope('validation.completed', orgId, at, {
    validationId: newId(),
    platform: 'uipath',
    fileName: 'Main.xaml',
    label,
    passed: true,
    score: 100,
    enforcementMode: 'advisory',
    policyPackSlug: 'uipath-reframework-baseline',
    validatedAt: new Date(at).toISOString(),
    summary: { critical: 0, high: 0, medium: 0, low: 0, total: 0 },
    findings: [],
  })
}

/**
 * The bytes each delivery sends (for the benchmarks that replay them): the stored body, or — for
 * a generic delivery, which stores none — its event's envelope. Read with `in` lists of ≤ 500.
 */
export async function sentBodies(
  db: SystemDatabase,
  ids: readonly string[],
): Promise<{ id: string; webhook_id: string; event: string; body: string }[]> {
  const rows: { id: string; webhook_id: string; event: string; body: string }[] = []
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = await db.store.db
      .selectFrom('deliveries as d')
      .innerJoin('events as e', 'e.id', 'd.event_id')
      .select(['d.id', 'd.webhook_id', 'd.event', 'd.body', 'e.envelope_json'])
      .where('d.id', 'in', ids.slice(start, start + 500))
      .execute()
    for (const row of chunk) {
      rows.push({
        id: row.id,
        webhook_id: row.webhook_id,
        event: row.event,
        body: row.body ?? row.envelope_json,
      })
    }
  }
  return rows
}

/**
 * Records `count` events through recordEvent, `perTransaction` to a transaction (the outbox fans
 * each out to every subscribed webhook in that transaction). Returns the delivery ids created.
 */
export async function recordEventBurst(
  db: SystemDatabase,
  input: { count: number; perTransaction: number; labelPrefix: string },
): Promise<string[]> {
  const deliveryIds: string[] = []
  for (let start = 0; start < input.count; start += input.perTransaction) {
    const end = Math.min(input.count, start + input.perTransaction)
    await db.store.transaction(async (trx) => {
      for (let seq = start; seq < end; seq++) {
        const recorded = await recordEvent(
          trx,
          db.store.capabilities,
          labelledEnvelope(db.orgId, `${input.labelPrefix}-${seq}`),
        )
        deliveryIds.push(...recorded.deliveryIds)
      }
    })
  }
  return deliveryIds
}

/** Delivery ids of the database by status. */
export async function deliveryStatusCounts(db: SystemDatabase): Promise<Record<string, number>> {
  const rows = await db.store.db
    .selectFrom('deliveries')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute()
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]))
}

/**
 * `flowcerta serve --role <role>` on the database; resolves once it logged `flowcerta started`
 * (so the log level must stay at info or below).
 */
export async function startServe(
  db: SystemDatabase,
  role: 'all' | 'api' | 'worker' | 'scheduler',
  extraEnv: Record<string, string> = {},
): Promise<RunningProcess> {
  // `serve` migrates on start: the same race as above.
  return retryOnForeignSchemaDrop(() => startServeOnce(db, role, extraEnv))
}

async function startServeOnce(
  db: SystemDatabase,
  role: 'all' | 'api' | 'worker' | 'scheduler',
  extraEnv: Record<string, string>,
): Promise<RunningProcess> {
  const child = startProcess(process.execPath, [CLI_PATH, 'serve', '--role', role], {
    ...db.env,
    FLOWCERTA_PORT: '0',
    ...extraEnv,
  })
  const exited = new Promise<never>((_, reject) =>
    child.child.once('exit', (code) =>
      reject(
        new Error(`flowcerta serve --role ${role} exited (${code}) before starting:\n${child.output()}`),
      ),
    ),
  )
  exited.catch(() => {})
  try {
    await Promise.race([child.waitFor(/flowcerta started/, 30_000), exited])
  } catch (error) {
    await child.stop()
    throw error
  }
  return child
}

/** The API address a `serve` process logged (`"address":"http://127.0.0.1:<port>"`). */
export function servedAddress(child: RunningProcess): string {
  const match = /"address":"(http:\/\/[^"]+)"/.exec(child.output())
  if (match === null) throw new Error(`no API address in the output:\n${child.output()}`)
  return match[1]!
}

/** kill -9 the process (no shutdown hooks, no lease release) and wait for it to be gone. */
export async function killHard(child: RunningProcess): Promise<void> {
  if (child.child.exitCode !== null || child.child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.child.once('exit', () => resolve()))
  child.child.kill('SIGKILL')
  await exited
}

/**
 * JSON requests to a served API as the database's org admin: `{ status, body }` (body parsed, null
 * when empty). `baseOf` is read per call, so it can be made before the server has started.
 */
export function adminApi(db: () => SystemDatabase, baseOf: () => string) {
  return async (method: string, url: string, body?: unknown) => {
    const response = await fetch(`${baseOf()}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${db().adminKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await response.text()
    return { status: response.status, body: text === '' ? null : JSON.parse(text) }
  }
}

/** Polls `condition` every 100 ms until it holds; fails with `what()` after `ms`. */
export async function waitFor(condition: () => boolean, what: () => string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
