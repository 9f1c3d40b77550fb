/**
 * Audit chain benchmark (a script, not a test): append cost and the verify walk over a long log.
 *
 *   npx tsx bench/audit-chain.bench.ts
 * Knobs: BENCH_ENTRIES (50000), BENCH_ENGINES ("sqlite" plus "postgres" when
 * FLOWCERTA_TEST_DATABASE_URL is set; the schema is created and dropped).
 *
 * One org; entries appended 1000 per transaction through appendAuditEntry (~300-byte changes),
 * then one verifyAuditChain. Reports append µs/entry, verify time and entries/s, and the process
 * RSS before and at the peak of the verify (sampled every 5 ms): the walk pages 500 rows at a
 * time, so the peak should not grow with the log. Prints a Markdown row per engine.
 */
import { verifyAuditChain } from '../src/store/audit-chain-verify.js'
import { appendAuditEntry } from '../src/store/audit-log.js'
import { insertOrg } from '../src/store/orgs.js'
import { BENCH_ENGINES, insertInBatches, openBenchStore } from './bench-server.js'

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 50_000)
const MiB = 2 ** 20

async function run(engine: string): Promise<string> {
  const bench = await openBenchStore(engine, 'fc-audit-bench-')
  const { store } = bench
  try {
    const org = await insertOrg(store.db, { name: 'bench', createdAt: Date.now() })
    const appendStart = performance.now()
    await insertInBatches(store, ENTRIES, 1000, (trx, i) =>
      appendAuditEntry(trx, {
        orgId: org.id,
        actorEmail: 'admin@bench.test',
        action: 'api_key.created',
        targetType: 'api_key',
        targetId: `key-${i}`,
        changes: { index: i, note: 'x'.repeat(250) },
        at: 1_760_000_000_000 + i,
      }),
    )
    const appendUs = ((performance.now() - appendStart) * 1000) / ENTRIES
    const rssBefore = process.memoryUsage().rss
    let peak = rssBefore
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss)
    }, 5)
    const verifyStart = performance.now()
    const result = await verifyAuditChain(store.db, org.id)
    const verifyMs = performance.now() - verifyStart
    clearInterval(sampler)
    if (result.status !== 'intact' || result.count !== ENTRIES)
      throw new Error(`unexpected ${JSON.stringify(result)}`)
    return (
      `| ${new Date().toISOString().slice(0, 10)} | ${engine} | ${ENTRIES} | ${appendUs.toFixed(0)} µs | ` +
      `${verifyMs.toFixed(0)} ms (${Math.round(ENTRIES / (verifyMs / 1000))}/s) | ` +
      `${Math.round(rssBefore / MiB)} → ${Math.round(peak / MiB)} MiB |`
    )
  } finally {
    await bench.close()
  }
}

console.log('| date | engine | entries | append / entry | verify | RSS before → peak during verify |')
console.log('|---|---|---|---|---|---|')
for (const engine of BENCH_ENGINES) console.log(await run(engine))
