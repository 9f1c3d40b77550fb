/**
 * Child-process entry for the "concurrent migrate from several processes" contract case:
 * `node --import tsx migrate-in-child.ts '{"databaseUrl":…,"schema":…,"startAt":…}'`.
 * Waits until `startAt` (epoch ms) so that all children migrate at the same moment, then prints
 * the MigrationReport as JSON on stdout.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { openStore } from '../../src/store/open-store.js'

const { databaseUrl, schema, startAt } = JSON.parse(process.argv[2] ?? '{}') as {
  databaseUrl: string
  schema?: string
  startAt: number
}
const store = openStore({ databaseUrl, ...(schema ? { schema } : {}) })
try {
  await store.ping()
  await sleep(Math.max(0, startAt - Date.now()))
  const report = await store.migrate()
  process.stdout.write(`${JSON.stringify(report)}\n`)
} finally {
  await store.close()
}
