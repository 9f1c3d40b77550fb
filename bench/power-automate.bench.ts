/**
 * Power Automate analyzer benchmark (issue 16; a script, not a test). Run:
 * `npx tsx bench/power-automate.bench.ts` (FLOWCERTA_CORPUS_DIR overrides ../shared/corpus).
 * In one process, on the same bytes (the 48 distinct flow files of the corpus, 620 KB), rounds
 * interleaved:
 * 1. baseline: a bare `JSON.parse` of each file (UTF-8 decoded, BOM dropped);
 * 2. the JSON reader alone (`readJsonDocument`: positions, limits, duplicate keys);
 * 3. the model (`readFlow`: reader + triggers, actions, values, parsed expressions);
 * 4. the full analysis of each flow as the API runs it (`analyzeSubmission` with the
 *    power-automate-general pack: layout, model, every FC-PAF rule, findings, fingerprints, score).
 * Prints flows/s, MB/s and the ratio of each to the baseline (aim for 4: ≥ 0.5), from wall time
 * and from CPU time (process.cpuUsage): on the shared, loaded machine a pass's wall time includes
 * waiting for a core, so the CPU-time ratio is the steadier of the two.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { getPolicyPack } from '../src/analysis/packs/policy-packs.js'
import { analyzeSubmission } from '../src/analysis/platform-analyzer.js'
import { readJsonDocument } from '../src/analysis/power-automate/json-document.js'
import { powerAutomateAnalyzer } from '../src/analysis/power-automate/power-automate-analyzer.js'
import { readFlow } from '../src/analysis/power-automate/read-flow.js'

const ROOT = resolve(import.meta.dirname, '..')
const CORPUS = resolve(process.env.FLOWCERTA_CORPUS_DIR ?? join(ROOT, '../shared/corpus'))
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7)
const REPEAT = Number(process.env.BENCH_REPEAT ?? 20)

const files = ['pnp-powerautomate-samples', 'microsoft-powercat-business-approvals-kit']
  .flatMap((folder) =>
    readdirSync(join(CORPUS, folder), { recursive: true, encoding: 'utf8' }).map((name) =>
      join(folder, name),
    ),
  )
  .filter((name) => /(Microsoft\.Flow\/flows\/[^/]+\/definition|Workflows\/[^/]+)\.json$/.test(name))
  .sort()
  .map((name) => ({ name, bytes: readFileSync(join(CORPUS, name)) }))
const totalBytes = files.reduce((sum, file) => sum + file.bytes.length, 0)
const pack = getPolicyPack('power-automate-general')!

const passes: Record<string, (bytes: Buffer, name: string) => unknown> = {
  'JSON.parse (baseline)': (bytes) => JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, '')),
  readJsonDocument: (bytes, name) => readJsonDocument(bytes, name),
  readFlow: (bytes, name) => readFlow(bytes, name),
  'analyzeSubmission (power-automate-general pack)': (bytes, name) =>
    analyzeSubmission(
      powerAutomateAnalyzer,
      { submissionName: name, files: [{ path: name, content: bytes }], skipped: [] },
      { pack },
    ),
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const samples: Record<string, number[]> = Object.fromEntries(Object.keys(passes).map((key) => [key, []]))
const cpuSamples: Record<string, number[]> = Object.fromEntries(Object.keys(passes).map((key) => [key, []]))
for (let round = 0; round <= ROUNDS; round++) {
  for (const [label, pass] of Object.entries(passes)) {
    const start = process.hrtime.bigint()
    const cpuStart = process.cpuUsage()
    for (let r = 0; r < REPEAT; r++) for (const file of files) pass(file.bytes, file.name)
    const ms = Number(process.hrtime.bigint() - start) / 1e6
    const cpu = process.cpuUsage(cpuStart)
    if (round > 0) {
      // round 0 warms up
      samples[label]!.push(ms)
      cpuSamples[label]!.push((cpu.user + cpu.system) / 1e3)
    }
  }
}
const baseline = median(samples['JSON.parse (baseline)']!)
const cpuBaseline = median(cpuSamples['JSON.parse (baseline)']!)
console.log(
  `${files.length} flows, ${(totalBytes / 1024).toFixed(0)} KB, ${ROUNDS} rounds × ${REPEAT}, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
)
console.log(
  '| pass | flows/s | MB/s | ratio to JSON.parse (wall) | ratio to JSON.parse (CPU) |\n|---|---|---|---|---|',
)
for (const [label, values] of Object.entries(samples)) {
  const ms = median(values)
  const flowsPerSecond = (files.length * REPEAT) / (ms / 1000)
  const mbPerSecond = (totalBytes * REPEAT) / 1e6 / (ms / 1000)
  const cpuRatio = cpuBaseline / median(cpuSamples[label]!)
  console.log(
    `| ${label} | ${flowsPerSecond.toFixed(0)} | ${mbPerSecond.toFixed(1)} | ${(baseline / ms).toFixed(2)} | ${cpuRatio.toFixed(2)} |`,
  )
}

// Part 2: hostile inputs at the size limit: time to refuse (or read), and the heap kept after.
// Run with `node --expose-gc --import tsx bench/power-automate.bench.ts` to see the heap figures.
const gc = (globalThis as { gc?: () => void }).gc
const hostile: Array<[string, string, (text: string) => unknown]> = [
  ['10 MB array of zeros', `[${'0,'.repeat(4_999_990)}0]`, (text) => readJsonDocument(text, 'x')],
  [
    '10 MB of tiny objects',
    `[${'{"a":"b"},'.repeat(1_000_000).slice(0, -1)}]`,
    (text) => readJsonDocument(text, 'x'),
  ],
  ['10 MB string', `{"a":"${'x'.repeat(10 * 1024 * 1024 - 10)}"}`, (text) => readJsonDocument(text, 'x')],
  [
    '100,000 nested arrays',
    `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    (text) => readJsonDocument(text, 'x'),
  ],
  [
    '20,000 chained actions (1.7 MB)',
    JSON.stringify({
      actions: Object.fromEntries(
        Array.from({ length: 20_000 }, (_, i) => [
          `Compose_${i}`,
          { type: 'Compose', inputs: `@{body('Compose_${i - 1}')} x`, runAfter: {} },
        ]),
      ),
    }),
    (text) =>
      analyzeSubmission(
        powerAutomateAnalyzer,
        { submissionName: 'x.json', files: [{ path: 'x.json', content: Buffer.from(text) }], skipped: [] },
        { pack },
      ),
  ],
]
console.log('\n| hostile input | outcome | ms | heap kept (MB) |\n|---|---|---|---|')
for (const [label, text, read] of hostile) {
  gc?.()
  const before = process.memoryUsage().heapUsed
  const start = performance.now()
  let outcome = 'read'
  let kept: unknown
  try {
    kept = read(text)
  } catch (error) {
    outcome = (error as { code?: string }).code ?? String(error)
  }
  const ms = performance.now() - start
  gc?.()
  const heap = gc === undefined ? 'n/a' : ((process.memoryUsage().heapUsed - before) / 1e6).toFixed(0)
  console.log(`| ${label} | ${outcome} | ${ms.toFixed(0)} | ${heap} |`)
  void kept
}
