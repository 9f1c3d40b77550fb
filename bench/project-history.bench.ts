/**
 * Project history benchmark (a script, not a test). Run: `npx tsx bench/project-history.bench.ts`
 * (BENCH_RESULTS, default 100,000; BENCH_ENGINES, default sqlite plus postgres when
 * FLOWCERTA_TEST_DATABASE_URL is set). Stores BENCH_RESULTS validations of one org across 50
 * projects (plus single files), then times the queries behind GET /api/v1/projects,
 * /projects/{name}/history (first page, a deep page, with a label) and /results?project=, 200
 * times each, against the plain newest-first results list as the baseline of the same run.
 * Prints p50/p95 in ms per engine.
 */
import { insertOrg } from '../src/store/orgs.js'
import {
  insertValidation,
  listProjects,
  listValidations,
  type StoredValidation,
} from '../src/store/validations.js'
import { BENCH_ENGINES, insertInBatches, openBenchStore } from './bench-server.js'
import { benchValidation } from './bench-validations.js'

const RESULTS = Number(process.env.BENCH_RESULTS ?? 100_000)
const PROJECTS = 50
const ROUNDS = 200

function validation(orgId: string, index: number): StoredValidation {
  return benchValidation(orgId, index, {
    project: (i) => `Project${String(i % PROJECTS).padStart(2, '0')}`,
    score: (i) => 50 + (i % 50),
    validatedAt: (i) => 1_760_000_000_000 + i * 1000,
  })
}

async function timed(fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const times: number[] = []
  for (let i = 0; i < ROUNDS + 10; i++) {
    const started = performance.now()
    await fn()
    if (i >= 10) times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  return { p50: times[Math.floor(ROUNDS * 0.5)] ?? 0, p95: times[Math.floor(ROUNDS * 0.95)] ?? 0 }
}

async function run(engine: string): Promise<void> {
  const bench = await openBenchStore(engine, 'fc-history-bench-')
  const { store } = bench
  try {
    const org = await insertOrg(store.db, { name: 'bench', createdAt: Date.now() })
    const loadStart = performance.now()
    await insertInBatches(store, RESULTS, 1000, (trx, i) => insertValidation(trx, validation(org.id, i)))
    const loadSeconds = (performance.now() - loadStart) / 1000
    const all = await listValidations(store.db, { orgId: org.id, projectName: 'Project07', limit: 100_000 })
    const middle = all[Math.floor(all.length / 2)]?.id
    const cases: Array<[string, () => Promise<unknown>]> = [
      ['results, newest 51 (baseline)', () => listValidations(store.db, { orgId: org.id, limit: 51 })],
      ['projects, 51', () => listProjects(store.db, { orgId: org.id, limit: 51 })],
      [
        'history, first 51',
        () => listValidations(store.db, { orgId: org.id, projectName: 'Project07', limit: 51 }),
      ],
      [
        'history, 51 from the middle',
        () =>
          listValidations(store.db, { orgId: org.id, projectName: 'Project07', beforeId: middle, limit: 51 }),
      ],
      [
        'history, label=main, 51',
        () =>
          listValidations(store.db, { orgId: org.id, projectName: 'Project07', label: 'main', limit: 51 }),
      ],
    ]
    console.log(
      `\n${engine}: ${RESULTS} results stored in ${loadSeconds.toFixed(1)} s (${all.length} in Project07)`,
    )
    console.log('| query | p50 (ms) | p95 (ms) |')
    console.log('|---|---|---|')
    for (const [name, fn] of cases) {
      const { p50, p95 } = await timed(fn)
      console.log(`| ${name} | ${p50.toFixed(2)} | ${p95.toFixed(2)} |`)
    }
  } finally {
    await bench.close()
  }
}

for (const engine of BENCH_ENGINES) await run(engine)
