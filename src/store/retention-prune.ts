/**
 * Retention: deletes rows past their age, a small batch per transaction, so no lock is held
 * longer than one batch (bench/README.md, "Retention"). Run by the scheduler role's
 * `retention-prune` job and by `flowcerta prune` (`--dry-run` counts with the same predicates).
 *
 * What goes, in this order (dependents before what they reference):
 * - `deliveries`: succeeded or cancelled, finished before now − deliveries; with their attempts.
 * - `failedDeliveries`: failed before now − failedDeliveries (recover can send them until then;
 *   a recovered delivery is pending again and never pruned while pending).
 * - `events`: occurred before now − events, and none of their deliveries is left.
 * - `idempotencyKeys`: created before now − idempotencyKeys.
 * - `sessions`: ended (absolute expiry, or idle) before now − sessions.
 * - `results`: validated before now − results (default: never), with the per-day rule counts of
 *   the UTC days wholly before it; each project touched is re-pointed at its latest remaining
 *   result, or leaves the list when none is left. A kept result may still name a pruned result
 *   as its comparison base: readers resolve that to "no previous" (validations.ts,
 *   `comparedWithLive`), so no batch has to look for such rows.
 *
 * Deliveries, events and results are walked by primary key: ids are UUID v7, so they sort by
 * creation time and a row finished (or occurred) before the cut-off has an id below the cut-off's
 * — the walk needs no time index, and the time columns are checked on every row as well. On
 * engines with `supportsSkipLocked` the batch's delivery rows are locked (`FOR UPDATE SKIP
 * LOCKED`) before their attempts go, so a concurrent redeliver either waits for the batch or keeps
 * its row; on SQLite the batch's transaction is the only writer.
 */
import { type Kysely, sql } from 'kysely'
import type { Database, DeliveriesTable } from './database.js'
import { SESSION_IDLE_MS } from './sessions.js'
import type { Store } from './store.js'

/** How long each kind is kept, in ms; null keeps it forever. */
export interface RetentionPolicy {
  deliveries: number | null
  failedDeliveries: number | null
  events: number | null
  idempotencyKeys: number | null
  sessions: number | null
  results: number | null
}

/** What a prune removes (or, dry, would remove), in the order it goes. */
export const PRUNE_KINDS = Object.freeze([
  'deliveries',
  'failedDeliveries',
  'deliveryAttempts',
  'events',
  'idempotencyKeys',
  'sessions',
  'results',
  'ruleFailureDays',
] as const)
export type PruneKind = (typeof PRUNE_KINDS)[number]
export type PruneReport = Record<PruneKind, number>

export interface PruneOptions {
  now: number
  policy: RetentionPolicy
  /** Most rows of one kind per transaction. */
  batchSize: number
  /** Count only. */
  dryRun?: boolean
  /** Called after each committed batch (tests and benchmarks time them). */
  onBatch?: (kind: PruneKind, rows: number, ms: number) => void
}

const DAY_MS = 86_400_000
/** Pause after each batch, so that other transactions of the process get the connection. */
export const BATCH_PAUSE_MS = 5
/** Smallest v7 id of a time: 48-bit ms timestamp, then zeros (`id < bound` ⇔ made before it). */
export function uuidV7LowerBound(ms: number): string {
  const hex = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`
}

function emptyReport(): PruneReport {
  return Object.fromEntries(PRUNE_KINDS.map((kind) => [kind, 0])) as PruneReport
}

const FINISHED_DELIVERED: readonly DeliveriesTable['status'][] = Object.freeze(['succeeded', 'cancelled'])
const FINISHED_FAILED: readonly DeliveriesTable['status'][] = Object.freeze(['failed'])

export async function pruneRetention(store: Store, options: PruneOptions): Promise<PruneReport> {
  const report = emptyReport()
  const { now, policy } = options
  const timed = async (kind: PruneKind, batch: () => Promise<number>): Promise<number> => {
    const started = performance.now()
    const rows = await batch()
    options.onBatch?.(kind, rows, performance.now() - started)
    // Let other writers in between batches: on SQLite the process has one connection, and
    // back-to-back batches kept the API's and the workers' transactions waiting (bench/README.md).
    await new Promise((resolve) => setTimeout(resolve, BATCH_PAUSE_MS))
    return rows
  }
  const deliveryKinds = [
    { kind: 'deliveries', statuses: FINISHED_DELIVERED, keep: policy.deliveries },
    { kind: 'failedDeliveries', statuses: FINISHED_FAILED, keep: policy.failedDeliveries },
  ] as const
  for (const { kind, statuses, keep } of deliveryKinds) {
    if (keep === null) continue
    const cutoff = now - keep
    if (options.dryRun) {
      report[kind] += await countFinishedDeliveries(store.db, statuses, cutoff)
      report.deliveryAttempts += await countAttemptsOfFinished(store.db, statuses, cutoff)
      continue
    }
    let after = ''
    for (;;) {
      let last: string | undefined
      let taken = 0
      await timed(kind, async () => {
        // Counted once committed: a failed batch deletes nothing.
        const deleted = await store.transaction(async (trx) => {
          const ids = await selectFinishedDeliveries(trx, store, {
            statuses,
            cutoff,
            after,
            limit: options.batchSize,
          })
          taken = ids.length
          last = ids.at(-1)
          if (ids.length === 0) return { attempts: 0, deliveries: 0 }
          const attempts = await trx
            .deleteFrom('delivery_attempts')
            .where('delivery_id', 'in', ids)
            .executeTakeFirst()
          const deliveries = await trx.deleteFrom('deliveries').where('id', 'in', ids).executeTakeFirst()
          return { attempts: Number(attempts.numDeletedRows), deliveries: Number(deliveries.numDeletedRows) }
        })
        report.deliveryAttempts += deleted.attempts
        report[kind] += deleted.deliveries
        return deleted.deliveries
      })
      if (taken < options.batchSize || last === undefined) break
      after = last
    }
  }

  if (policy.events !== null) {
    const cutoff = now - policy.events
    const staying = {
      delivered: policy.deliveries === null ? null : now - policy.deliveries,
      failed: policy.failedDeliveries === null ? null : now - policy.failedDeliveries,
    }
    if (options.dryRun) report.events = await countEvents(store.db, cutoff, staying)
    else
      report.events = await inBatches(store, 'events', options, timed, (trx, limit) =>
        deleteEventsBatch(trx, cutoff, limit),
      )
  }
  if (policy.idempotencyKeys !== null) {
    const cutoff = now - policy.idempotencyKeys
    if (options.dryRun) report.idempotencyKeys = await countIdempotencyKeys(store.db, cutoff)
    else
      report.idempotencyKeys = await inBatches(store, 'idempotencyKeys', options, timed, (trx, limit) =>
        deleteIdempotencyKeysBatch(trx, cutoff, limit),
      )
  }
  if (policy.sessions !== null) {
    const ended = {
      expiredBefore: now - policy.sessions,
      seenBefore: now - policy.sessions - SESSION_IDLE_MS,
    }
    if (options.dryRun) report.sessions = await countSessions(store.db, ended)
    else
      report.sessions = await inBatches(store, 'sessions', options, timed, (trx, limit) =>
        deleteSessionsBatch(trx, ended, limit),
      )
  }
  if (policy.results !== null) {
    const cutoff = now - policy.results
    // Only days that ended before the cut-off: a day's counts include results still kept.
    const beforeDay = Math.floor(cutoff / DAY_MS)
    if (options.dryRun) {
      report.results = await countResults(store.db, cutoff)
      report.ruleFailureDays = await countRuleFailureDays(store.db, beforeDay)
    } else {
      report.results = await inBatches(store, 'results', options, timed, (trx, limit) =>
        deleteResultsBatch(trx, cutoff, limit),
      )
      report.ruleFailureDays = await inBatches(store, 'ruleFailureDays', options, timed, (trx, limit) =>
        deleteRuleFailureDaysBatch(trx, beforeDay, limit),
      )
    }
  }
  return report
}

/** Runs `batch` (one transaction each) until it deletes fewer than a batch; the total. */
async function inBatches(
  store: Store,
  kind: PruneKind,
  options: PruneOptions,
  timed: (kind: PruneKind, batch: () => Promise<number>) => Promise<number>,
  batch: (trx: Kysely<Database>, limit: number) => Promise<number>,
): Promise<number> {
  let total = 0
  for (;;) {
    const deleted = await timed(kind, () => store.transaction((trx) => batch(trx, options.batchSize)))
    total += deleted
    if (deleted < options.batchSize) return total
  }
}

async function selectFinishedDeliveries(
  trx: Kysely<Database>,
  store: Store,
  input: { statuses: readonly DeliveriesTable['status'][]; cutoff: number; after: string; limit: number },
): Promise<string[]> {
  let select = trx
    .selectFrom('deliveries')
    .select('id')
    .where('id', '>', input.after)
    .where('id', '<', uuidV7LowerBound(input.cutoff))
    .where('status', 'in', input.statuses)
    .where('completed_at', '<', input.cutoff)
    .orderBy('id')
    .limit(input.limit)
  if (store.capabilities.supportsSkipLocked) select = select.forUpdate().skipLocked()
  return (await select.execute()).map((row) => row.id)
}

function finishedDeliveries(
  db: Kysely<Database>,
  statuses: readonly DeliveriesTable['status'][],
  cutoff: number,
) {
  return db
    .selectFrom('deliveries')
    .where('id', '<', uuidV7LowerBound(cutoff))
    .where('status', 'in', statuses)
    .where('completed_at', '<', cutoff)
}

async function countFinishedDeliveries(
  db: Kysely<Database>,
  statuses: readonly DeliveriesTable['status'][],
  cutoff: number,
): Promise<number> {
  const row = await finishedDeliveries(db, statuses, cutoff)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

async function countAttemptsOfFinished(
  db: Kysely<Database>,
  statuses: readonly DeliveriesTable['status'][],
  cutoff: number,
): Promise<number> {
  const row = await db
    .selectFrom('delivery_attempts')
    .where('delivery_id', 'in', finishedDeliveries(db, statuses, cutoff).select('id'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

/** Deliveries this prune leaves in place: what an event must have none of to go (dry runs). */
type StayingDeliveries = { delivered: number | null; failed: number | null }

/**
 * Events past the cut-off with no delivery left — or, for a dry run (`staying` given), with none
 * left once the deliveries this prune removes first are gone.
 */
function prunableEvents(db: Kysely<Database>, cutoff: number, staying?: StayingDeliveries) {
  return db
    .selectFrom('events as e')
    .where('e.id', '<', uuidV7LowerBound(cutoff))
    .where('e.occurred_at', '<', cutoff)
    .where(({ not, exists, selectFrom }) => {
      let deliveries = selectFrom('deliveries as d')
        .select(sql.lit(1).as('one'))
        .whereRef('d.event_id', '=', 'e.id')
      if (staying !== undefined) {
        deliveries = deliveries.where((eb) => {
          const goes = []
          if (staying.delivered !== null)
            goes.push(
              eb.and([
                eb('d.status', 'in', FINISHED_DELIVERED),
                eb('d.completed_at', '<', staying.delivered),
              ]),
            )
          if (staying.failed !== null)
            goes.push(
              eb.and([eb('d.status', 'in', FINISHED_FAILED), eb('d.completed_at', '<', staying.failed)]),
            )
          return goes.length === 0 ? eb.lit(true) : eb.not(eb.or(goes))
        })
      }
      return not(exists(deliveries))
    })
}

async function countEvents(
  db: Kysely<Database>,
  cutoff: number,
  staying: StayingDeliveries,
): Promise<number> {
  const row = await prunableEvents(db, cutoff, staying)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

async function deleteEventsBatch(trx: Kysely<Database>, cutoff: number, limit: number): Promise<number> {
  const ids = (await prunableEvents(trx, cutoff).select('e.id').orderBy('e.id').limit(limit).execute()).map(
    (row) => row.id,
  )
  if (ids.length === 0) return 0
  const result = await trx.deleteFrom('events').where('id', 'in', ids).executeTakeFirst()
  return Number(result.numDeletedRows)
}

async function countIdempotencyKeys(db: Kysely<Database>, cutoff: number): Promise<number> {
  const row = await db
    .selectFrom('idempotency_keys')
    .where('created_at', '<', cutoff)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

async function deleteIdempotencyKeysBatch(
  trx: Kysely<Database>,
  cutoff: number,
  limit: number,
): Promise<number> {
  const rows = await trx
    .selectFrom('idempotency_keys')
    .select(['org_id', 'key'])
    .where('created_at', '<', cutoff)
    .orderBy('created_at')
    .limit(limit)
    .execute()
  if (rows.length === 0) return 0
  const result = await trx
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', cutoff)
    .where((eb) => eb.or(rows.map((row) => eb.and([eb('org_id', '=', row.org_id), eb('key', '=', row.key)]))))
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

type SessionsEnded = { expiredBefore: number; seenBefore: number }

function endedSessions(db: Kysely<Database>, ended: SessionsEnded) {
  return db
    .selectFrom('sessions')
    .where((eb) =>
      eb.or([eb('expires_at', '<', ended.expiredBefore), eb('last_seen_at', '<', ended.seenBefore)]),
    )
}

async function countSessions(db: Kysely<Database>, ended: SessionsEnded): Promise<number> {
  const row = await endedSessions(db, ended)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

async function deleteSessionsBatch(
  trx: Kysely<Database>,
  ended: SessionsEnded,
  limit: number,
): Promise<number> {
  const ids = (await endedSessions(trx, ended).select('id').limit(limit).execute()).map((row) => row.id)
  if (ids.length === 0) return 0
  const result = await trx.deleteFrom('sessions').where('id', 'in', ids).executeTakeFirst()
  return Number(result.numDeletedRows)
}

function oldResults(db: Kysely<Database>, cutoff: number) {
  return db
    .selectFrom('validations')
    .where('id', '<', uuidV7LowerBound(cutoff))
    .where('validated_at', '<', cutoff)
}

async function countResults(db: Kysely<Database>, cutoff: number): Promise<number> {
  const row = await oldResults(db, cutoff)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

/** Deletes a batch of old results and re-points (or removes) the projects they belonged to. */
async function deleteResultsBatch(trx: Kysely<Database>, cutoff: number, limit: number): Promise<number> {
  const rows = await oldResults(trx, cutoff)
    .select(['id', 'org_id', 'project_name'])
    .orderBy('id')
    .limit(limit)
    .execute()
  if (rows.length === 0) return 0
  const result = await trx
    .deleteFrom('validations')
    .where(
      'id',
      'in',
      rows.map((row) => row.id),
    )
    .executeTakeFirst()
  const projects = new Map<string, { orgId: string; name: string }>()
  for (const row of rows) {
    if (row.project_name !== null)
      projects.set(`${row.org_id}\n${row.project_name}`, { orgId: row.org_id, name: row.project_name })
  }
  for (const { orgId, name } of projects.values()) {
    const left = await trx
      .selectFrom('validations')
      .select([(eb) => eb.fn.max('id').as('latest'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('org_id', '=', orgId)
      .where('project_name', '=', name)
      .executeTakeFirst()
    const latest = left?.latest ?? null
    if (latest === null) {
      await trx.deleteFrom('projects').where('org_id', '=', orgId).where('name', '=', name).execute()
    } else {
      await trx
        .updateTable('projects')
        .set({ latest_validation_id: latest, validations: Number(left?.n ?? 0) })
        .where('org_id', '=', orgId)
        .where('name', '=', name)
        .execute()
    }
  }
  return Number(result.numDeletedRows)
}

async function countRuleFailureDays(db: Kysely<Database>, beforeDay: number): Promise<number> {
  const row = await db
    .selectFrom('rule_failure_days')
    .where('day', '<', beforeDay)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

async function deleteRuleFailureDaysBatch(
  trx: Kysely<Database>,
  beforeDay: number,
  limit: number,
): Promise<number> {
  const rows = await trx
    .selectFrom('rule_failure_days')
    .select(['org_id', 'day', 'rule_id'])
    .where('day', '<', beforeDay)
    .orderBy('day')
    .limit(limit)
    .execute()
  if (rows.length === 0) return 0
  const result = await trx
    .deleteFrom('rule_failure_days')
    .where((eb) =>
      eb.or(
        rows.map((row) =>
          eb.and([eb('org_id', '=', row.org_id), eb('day', '=', row.day), eb('rule_id', '=', row.rule_id)]),
        ),
      ),
    )
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
