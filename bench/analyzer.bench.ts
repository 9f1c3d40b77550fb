/**
 * Analyzer benchmark (a script, not a test). Run: `npm run build && npx tsx bench/analyzer.bench.ts`
 * (FLOWCERTA_CORPUS_DIR overrides ../shared/corpus). Measures, in one process and on the same bytes:
 * 1. the whole corpus through the full analyzer (`analyzeWorkflow`, baseline pack), the reader alone
 *    (`parseXaml`, to attribute the cost) and a bare
 *    `saxes` tokenization (xmlns + positions, no handlers beyond the defaults): files/s, MB/s, ratio;
 *    the baseline the aim is measured against. Since the reader resolves namespaces itself (saxes
 *    without xmlns), the ratios are also printed against a bare saxes pass without xmlns
 *    (positions only), the cheaper tokenization the reader now actually runs;
 *    It also takes the CPU time of the data-flow analysis alone (`analyzeWorkflowFlow`,
 *    src/analysis/dataflow/) on freshly read models, as the file rules run it and with every file
 *    walked (`collectWrites`: the cost if every file had a source), beside the reader's CPU time;
 * 2. the median time to analyse one ~50 KB file;
 * 3. `flowcerta validate <the corpus's UiPath folders>` (built CLI, JSON to /dev/null) with
 *    --workers 1 vs 2, wall time.
 * Prints a Markdown table row for bench/README.md.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join, resolve } from 'node:path'
import { SaxesParser } from 'saxes'
import { analyzeWorkflow } from '../src/analysis/analyze.js'
import { analyzeWorkflowFlow } from '../src/analysis/dataflow/workflow-flow.js'
import { parseXaml } from '../src/analysis/xaml/parse-xaml.js'
import { detectFolderPlatform } from '../src/input/read-folder-submission.js'

const ROOT = resolve(import.meta.dirname, '..')
const CORPUS = resolve(process.env.FLOWCERTA_CORPUS_DIR ?? join(ROOT, '../shared/corpus'))
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7)

const files = readdirSync(CORPUS, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.toLowerCase().endsWith('.xaml'))
  .sort()
  .map((name) => ({ name, bytes: readFileSync(join(CORPUS, name)) }))
const totalBytes = files.reduce((sum, file) => sum + file.bytes.length, 0)

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}
const time = (fn: () => void) => {
  const start = process.hrtime.bigint()
  fn()
  return Number(process.hrtime.bigint() - start) / 1e6
}

function saxesPass(xmlns = true): void {
  for (const file of files) {
    const parser = new SaxesParser({ xmlns, position: true })
    parser.on('error', (error) => {
      throw error
    })
    parser.write(file.bytes.toString('utf8')).close()
  }
}
const plainSaxesPass = () => saxesPass(false)
let failures = 0
function analyzerPass(): void {
  for (const file of files) {
    try {
      analyzeWorkflow({ content: file.bytes, fileName: file.name })
    } catch {
      failures++
    }
  }
}

function parserPass(): void {
  for (const file of files) {
    try {
      parseXaml(file.bytes, file.name)
    } catch {
      // counted by analyzerPass
    }
  }
}

/** CPU time (user + system, ms) of `fn`: steadier than wall time on a shared, loaded machine. */
const cpuTime = (fn: () => void) => {
  const start = process.cpuUsage()
  fn()
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1000
}

/**
 * CPU time of the reader over the corpus, then of the data flow alone on those fresh models (the
 * analysis caches per model), as the rules run it or walking every file (`everyFile`).
 */
function flowPass(everyFile: boolean): { reader: number; flow: number } {
  let models: ReturnType<typeof parseXaml>[] = []
  const reader = cpuTime(() => {
    models = files.flatMap((file) => {
      try {
        return [parseXaml(file.bytes, file.name)]
      } catch {
        return [] // counted by analyzerPass
      }
    })
  })
  const flow = cpuTime(() => {
    for (const model of models) analyzeWorkflowFlow({ model, path: model.fileName, collectWrites: everyFile })
  })
  return { reader, flow }
}

// Warm up all of them (JIT), then alternate rounds so all see the same machine state.
for (let i = 0; i < 2; i++) {
  saxesPass()
  plainSaxesPass()
  parserPass()
  analyzerPass()
  flowPass(false)
  flowPass(true)
}
failures = 0
const saxesTimes: number[] = []
const plainSaxesTimes: number[] = []
const parserTimes: number[] = []
const analyzerTimes: number[] = []
const flowTimes: number[] = []
const flowEveryFileTimes: number[] = []
const readerCpuTimes: number[] = []
for (let round = 0; round < ROUNDS; round++) {
  saxesTimes.push(time(saxesPass))
  plainSaxesTimes.push(time(plainSaxesPass))
  parserTimes.push(time(parserPass))
  analyzerTimes.push(time(analyzerPass))
  const asRun = flowPass(false)
  readerCpuTimes.push(asRun.reader)
  flowTimes.push(asRun.flow)
  flowEveryFileTimes.push(flowPass(true).flow)
}
const mb = totalBytes / 1024 / 1024
const rate = (ms: number) => ({ filesPerSec: files.length / (ms / 1000), mbPerSec: mb / (ms / 1000) })
const saxes = rate(median(saxesTimes))
const plainSaxes = rate(median(plainSaxesTimes))
const parser = rate(median(parserTimes))
const analyzer = rate(median(analyzerTimes))

// ~50 KB file: the corpus file closest to 50 KB.
const target = [...files].sort(
  (a, b) => Math.abs(a.bytes.length - 51_200) - Math.abs(b.bytes.length - 51_200),
)[0]!
const singleTimes: number[] = []
for (let i = 0; i < 50; i++)
  singleTimes.push(time(() => analyzeWorkflow({ content: target.bytes, fileName: target.name })))

// CLI over the corpus, 1 vs 2 workers (needs dist/: npm run build). The corpus folder as a whole
// mixes platforms (MIXED_PLATFORMS): its UiPath folders are passed, told by content.
const cli = join(ROOT, 'dist/cli/index.js')
const uipathFolders: string[] = []
for (const entry of readdirSync(CORPUS, { withFileTypes: true }).filter((item) => item.isDirectory())) {
  const folder = join(CORPUS, entry.name)
  if ((await detectFolderPlatform(folder))?.platform === 'uipath') uipathFolders.push(folder)
}
const cliTime = (workers: number) =>
  median(
    [0, 1, 2].map(() =>
      time(() => {
        const run = spawnSync(
          process.execPath,
          [
            cli,
            'validate',
            ...uipathFolders,
            '--format',
            'json',
            '--fail-on',
            'never',
            '--workers',
            String(workers),
          ],
          { stdio: ['ignore', 'ignore', 'inherit'] },
        )
        if (run.status !== 0) throw new Error(`flowcerta validate exited ${run.status}`)
      }),
    ),
  )
const startup = median(
  [0, 1, 2].map(() => time(() => spawnSync(process.execPath, [cli, '--help'], { stdio: 'ignore' }))),
)
const cli1 = cliTime(1)
const cli2 = cliTime(2)

const f = (n: number, digits = 1) => n.toFixed(digits)
console.log(
  `corpus: ${files.length} files, ${f(mb, 2)} MB (${CORPUS}); ${ROUNDS} rounds, medians; parse failures: ${failures / ROUNDS}`,
)
console.log(`machine: ${cpus().length} cores, ${cpus()[0]?.model ?? '?'}, node ${process.version}`)
console.log(`saxes only : ${f(saxes.filesPerSec, 0)} files/s, ${f(saxes.mbPerSec, 2)} MB/s`)
console.log(
  `parseXaml  : ${f(parser.filesPerSec, 0)} files/s, ${f(parser.mbPerSec, 2)} MB/s (reader + model, no rules)`,
)
console.log(`analyzer   : ${f(analyzer.filesPerSec, 0)} files/s, ${f(analyzer.mbPerSec, 2)} MB/s`)
console.log(`saxes, no xmlns: ${f(plainSaxes.filesPerSec, 0)} files/s, ${f(plainSaxes.mbPerSec, 2)} MB/s`)
console.log(
  `ratio analyzer/saxes: ${f(analyzer.mbPerSec / saxes.mbPerSec, 2)}, parseXaml/saxes: ${f(
    parser.mbPerSec / saxes.mbPerSec,
    2,
  )}; against saxes without xmlns: analyzer ${f(analyzer.mbPerSec / plainSaxes.mbPerSec, 2)}, parseXaml ${f(
    parser.mbPerSec / plainSaxes.mbPerSec,
    2,
  )}`,
)
console.log(
  `data flow  : ${f(median(flowTimes), 1)} ms CPU per corpus pass as the rules run it, ${f(
    median(flowEveryFileTimes),
    1,
  )} ms walking every file; the reader ${f(median(readerCpuTimes), 1)} ms CPU (${f(
    (100 * median(flowTimes)) / median(readerCpuTimes),
    0,
  )} % of it)`,
)
console.log(
  `~50 KB file (${target.name}, ${f(target.bytes.length / 1024, 1)} KB): median ${f(median(singleTimes), 2)} ms`,
)
console.log(`CLI startup (--help): ${f(startup, 0)} ms`)
console.log(`flowcerta validate corpus: --workers 1 ${f(cli1, 0)} ms, --workers 2 ${f(cli2, 0)} ms`)
console.log('\nMarkdown row:')
console.log(
  `| ${new Date().toISOString().slice(0, 10)} | ${cpus().length} cores | ${files.length} files / ${f(mb, 2)} MB | ${f(
    saxes.mbPerSec,
    2,
  )} MB/s (${f(saxes.filesPerSec, 0)} files/s) | ${f(analyzer.mbPerSec, 2)} MB/s (${f(analyzer.filesPerSec, 0)} files/s) | ${f(
    analyzer.mbPerSec / saxes.mbPerSec,
    2,
  )} | ${f(median(singleTimes), 2)} ms | ${f(startup, 0)} ms | ${f(cli1, 0)} ms | ${f(cli2, 0)} ms |`,
)
