/**
 * Blue Prism analyzer benchmark (a script, not a test). Run: `npx tsx bench/blue-prism-analyzer.bench.ts`
 * (FLOWCERTA_CORPUS_DIR overrides ../shared/corpus; BENCH_ROUNDS, default 7). In one process, on
 * the same bytes — every Blue Prism export of the corpus (the folders of blue-prism-test-kit.ts) —
 * medians of N rounds after 2 warm-up rounds:
 * 1. a bare `saxes` pass (xmlns + positions, no handlers beyond the defaults), the baseline;
 * 2. the reader alone (`readBluePrismFile`: tree + model);
 * 3. the whole analyzer (`analyzeSubmission` with blue-prism-general: read, every FC-BPR rule,
 *    fingerprints, scoring), one submission per file.
 * Prints exports/s, MB/s and the ratio analyzer / saxes, from wall time and from CPU time
 * (process.cpuUsage; the steadier of the two on the shared, loaded machine, where a pass's wall
 * time includes waiting for a core), and a Markdown row for bench/README.md.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { SaxesParser } from 'saxes'
import { bluePrismAnalyzer } from '../src/analysis/blue-prism/blue-prism-analyzer.js'
import { BLUE_PRISM_CORPUS_FOLDERS } from '../src/analysis/blue-prism/blue-prism-corpus-folders.js'
import { readBluePrismFile } from '../src/analysis/blue-prism/read-blue-prism.js'
import { getPolicyPack } from '../src/analysis/packs/policy-packs.js'
import { analyzeSubmission } from '../src/analysis/platform-analyzer.js'

const ROOT = resolve(import.meta.dirname, '..')
const CORPUS = resolve(process.env.FLOWCERTA_CORPUS_DIR ?? join(ROOT, '../shared/corpus'))
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7)

const files = BLUE_PRISM_CORPUS_FOLDERS.flatMap((folder) =>
  readdirSync(join(CORPUS, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(xml|bprelease|bpprocess|bpobject)$/i.test(name))
    .map((name) => ({ name: `${folder}/${name}`, bytes: readFileSync(join(CORPUS, folder, name)) })),
).sort((a, b) => a.name.localeCompare(b.name))
const totalBytes = files.reduce((sum, file) => sum + file.bytes.length, 0)
const pack = getPolicyPack('blue-prism-general')
if (pack === undefined) throw new Error('no blue-prism-general pack')

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0
const time = (fn: () => void) => {
  const start = process.hrtime.bigint()
  const cpuStart = process.cpuUsage()
  fn()
  const cpu = process.cpuUsage(cpuStart)
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, cpuMs: (cpu.user + cpu.system) / 1e3 }
}

const decoder = new TextDecoder('utf-8')
function saxesPass(): void {
  for (const file of files) {
    const parser = new SaxesParser({ xmlns: true, position: true })
    parser.on('error', (error) => {
      throw error
    })
    parser.write(decoder.decode(file.bytes)).close()
  }
}
function readerPass(): void {
  for (const file of files) readBluePrismFile(file.bytes, file.name)
}
let findings = 0
function analyzerPass(): void {
  for (const file of files) {
    const result = analyzeSubmission(
      bluePrismAnalyzer,
      { submissionName: file.name, files: [{ path: file.name, content: file.bytes }], skipped: [] },
      { pack: pack! },
    )
    findings += result.findings.length
  }
}

const passes = { saxes: saxesPass, reader: readerPass, analyzer: analyzerPass }
const times: Record<keyof typeof passes, number[]> = { saxes: [], reader: [], analyzer: [] }
const cpuTimes: Record<keyof typeof passes, number[]> = { saxes: [], reader: [], analyzer: [] }
const load = loadavg()
for (let round = 0; round < ROUNDS + 2; round++) {
  // Interleaved, so a load spike from other processes hits every pass alike.
  for (const [name, pass] of Object.entries(passes) as [keyof typeof passes, () => void][]) {
    const { ms, cpuMs } = time(pass)
    if (round >= 2) {
      times[name].push(ms)
      cpuTimes[name].push(cpuMs)
    }
  }
}
const mb = totalBytes / 1e6
const rate = (ms: number) => ({ perSecond: (files.length * 1000) / ms, mbPerSecond: (mb * 1000) / ms })
const saxes = rate(median(times.saxes))
const reader = rate(median(times.reader))
const analyzer = rate(median(times.analyzer))
console.log(
  `${files.length} exports, ${(totalBytes / 1024).toFixed(0)} KB, ${ROUNDS} rounds, load ${load.map((l) => l.toFixed(1)).join(' ')}`,
)
for (const [name, value] of Object.entries({ saxes, reader, analyzer })) {
  console.log(
    `${name.padEnd(8)} ${value.perSecond.toFixed(0).padStart(6)} exports/s  ${value.mbPerSecond.toFixed(2)} MB/s`,
  )
}
const cpuRatio = (name: keyof typeof passes) => median(cpuTimes.saxes) / median(cpuTimes[name])
console.log(
  `ratio analyzer/saxes ${(analyzer.perSecond / saxes.perSecond).toFixed(2)}, reader/saxes ${(reader.perSecond / saxes.perSecond).toFixed(2)} (wall); CPU time: analyzer/saxes ${cpuRatio('analyzer').toFixed(2)}, reader/saxes ${cpuRatio('reader').toFixed(2)}; ${findings / (ROUNDS + 2)} findings per round`,
)
console.log(
  `| ${new Date().toISOString().slice(0, 10)} | load ${load[0]?.toFixed(1)} | ${files.length} exports / ${(totalBytes / 1024).toFixed(0)} KB | ${saxes.mbPerSecond.toFixed(2)} MB/s (${saxes.perSecond.toFixed(0)}/s) | ${reader.mbPerSecond.toFixed(2)} MB/s (${reader.perSecond.toFixed(0)}/s) | ${analyzer.mbPerSecond.toFixed(2)} MB/s (${analyzer.perSecond.toFixed(0)}/s) | ${(analyzer.perSecond / saxes.perSecond).toFixed(2)} | ${cpuRatio('analyzer').toFixed(2)} |`,
)
