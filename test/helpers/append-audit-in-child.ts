/**
 * Child-process entry for the "appends from several processes" audit-chain case:
 * `node --import tsx append-audit-in-child.ts '{"databaseUrl":…,"schema":…,"orgId":…,"count":…,"startAt":…,"label":…}'`.
 * Waits until `startAt` (epoch ms) so that the children append at the same moment, then appends
 * `count` entries, each in its own transaction, several at once on its pool, and prints the seqs
 * it was given as JSON on stdout.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { appendAuditEntry } from '../../src/store/audit-log.js'
import { openStore } from '../../src/store/open-store.js'

const { databaseUrl, schema, orgId, count, startAt, label } = JSON.parse(process.argv[2] ?? '{}') as {
  databaseUrl: string
  schema?: string
  orgId: string
  count: number
  startAt: number
  label: string
}
const store = openStore({ databaseUrl, ...(schema ? { schema } : {}), poolSize: 4 })
try {
  await store.ping()
  await sleep(Math.max(0, startAt - Date.now()))
  const seqs = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      store.transaction(async (trx) => {
        const entry = await appendAuditEntry(trx, {
          orgId,
          actorEmail: `${label}@child.test`,
          action: 'test.appended',
          targetType: 'test',
          targetId: null,
          changes: { label, index },
          at: Date.now(),
        })
        return entry.seq
      }),
    ),
  )
  process.stdout.write(`${JSON.stringify(seqs)}\n`)
} finally {
  await store.close()
}
