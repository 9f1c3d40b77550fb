/**
 * A 300-file project through the real API: time and peak RSS of the server (a script, not a test).
 *
 *   npm run build && npx tsx bench/project-api.bench.ts
 *   # BENCH_ROUNDS=3 BENCH_FILES=300 FLOWCERTA_ANALYSIS_THREADS=<n> FLOWCERTA_CORPUS_DIR=../shared/corpus
 *
 * The project: Process Vendor Invoices (32 workflows and its project.json) filled up to
 * BENCH_FILES workflows with copies of the corpus's other UiPath `.xaml` files (under
 * `Copies/<n>/`), zipped by the CLI's zip writer. Three scenarios, each on a fresh server (the
 * built service as a child process, embedded SQLite, as bench/hostile-input-memory.bench.ts):
 * 1. the ~20-file REFramework template (pt0/VisualBasic) as one zip — the reference project;
 * 2. the same BENCH_FILES workflows sent one by one as `.xaml` files, in sequence — the baseline;
 * 3. the BENCH_FILES-file project as one zip.
 * Each is measured BENCH_ROUNDS times after a warm-up: wall time until the last answer (median),
 * and the server's peak RSS (VmHWM after resetting it, and VmRSS sampled every 5 ms). Prints a
 * Markdown table with the ratios to the baseline measured in the same run.
 */
import { readFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { basename, join, relative, resolve, sep } from 'node:path'
import { listXaml, NON_UIPATH_CORPUS_FILES } from '../src/analysis/xaml/test-helpers.js'
import { zipFiles } from '../src/input/archive/zip-writer.js'
import { memoryOf, peakDuring, settle, withServer } from './bench-server.js'

const ROOT = resolve(import.meta.dirname, '..')
const CORPUS = resolve(process.env.FLOWCERTA_CORPUS_DIR ?? join(ROOT, '../shared/corpus'))
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const FILES = Number(process.env.BENCH_FILES ?? 300)
const MiB = 1024 * 1024

interface Upload {
  fileName: string
  content: Buffer
}

/** `.xaml` files under `folder` (not in nested projects' folders), as paths inside it. */
function projectFiles(folder: string): Array<{ path: string; content: Buffer }> {
  return listXaml(folder).map((file) => ({
    path: relative(folder, file).split(sep).join('/'),
    content: readFileSync(file),
  }))
}

function buildLargeProject(): { zip: Upload; files: Upload[]; kb: number } {
  const base = join(CORPUS, 'ahmed-ismail999-rpa-uipath--process-vendor-invoices/Process Vendor Invoices')
  const files = projectFiles(base)
  const others = listXaml(CORPUS)
    .filter((file) => NON_UIPATH_CORPUS_FILES[relative(CORPUS, file).split(sep).join('/')] === undefined)
    .filter((file) => !file.startsWith(base))
  for (let i = 0; files.length < FILES; i++) {
    const file = others[i % others.length] as string
    files.push({
      path: `Copies/${Math.floor(i / others.length)}/${i}-${basename(file)}`,
      content: readFileSync(file),
    })
  }
  const zip = zipFiles([
    { path: 'project.json', content: readFileSync(join(base, 'project.json')) },
    ...files,
  ])
  return {
    zip: { fileName: 'VendorInvoices300.zip', content: zip },
    files: files.map((file) => ({ fileName: basename(file.path), content: file.content })),
    kb: files.reduce((sum, file) => sum + file.content.length, 0) / 1024,
  }
}

function buildReferenceProject(): Upload {
  const folder = join(CORPUS, 'uipath-studiotemplates-reframework/pt0/VisualBasic')
  const zip = zipFiles([
    { path: 'project.json', content: readFileSync(join(folder, 'project.json')) },
    ...projectFiles(folder),
  ])
  return { fileName: 'REFramework.zip', content: zip }
}

async function send(base: string, apiKey: string, upload: Upload): Promise<number> {
  const form = new FormData()
  form.append('file', new Blob([upload.content]), upload.fileName)
  const response = await fetch(`${base}/api/v1/validations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}` },
    body: form,
  })
  await response.arrayBuffer()
  return response.status
}

interface Row {
  name: string
  requests: number
  medianMs: number
  idle: number
  peak: number
  statuses: string
}

async function runScenario(name: string, uploads: Upload[], warmUp: Upload): Promise<Row> {
  return withServer('flowcerta-bench-project-api-', async ({ base, apiKey, pid }) => {
    for (let i = 0; i < 3; i++) await send(base, apiKey, warmUp)
    await settle()
    const idle = memoryOf(pid).rss
    const times: number[] = []
    let peak = 0
    const statuses = new Set<number>()
    for (let round = 0; round < ROUNDS; round++) {
      const measured = await peakDuring(pid, async () => {
        const started = performance.now()
        for (const upload of uploads) statuses.add(await send(base, apiKey, upload))
        return performance.now() - started
      })
      times.push(measured.result)
      peak = Math.max(peak, measured.peak)
    }
    times.sort((x, y) => x - y)
    const row = {
      name,
      requests: uploads.length,
      medianMs: times[Math.floor(times.length / 2)] ?? 0,
      idle,
      peak,
      statuses: [...statuses].join(', '),
    }
    console.error(
      `${name}: ${row.statuses}; ${row.medianMs.toFixed(0)} ms; peak ${(peak / MiB).toFixed(0)} MiB`,
    )
    return row
  })
}

const large = buildLargeProject()
const reference = buildReferenceProject()
const rows = [
  await runScenario(`${large.files.length} files, one by one (baseline)`, large.files, reference),
  await runScenario('REFramework template (17 files), one zip', [reference], reference),
  await runScenario(`${large.files.length}-file project, one zip`, [large.zip], reference),
]

const [baseline] = rows
const threads = process.env.FLOWCERTA_ANALYSIS_THREADS ?? 'default'
console.log(
  `${new Date().toISOString().slice(0, 10)} · ${cpus().length} cores, Node ${process.versions.node}, load avg ${loadavg()[0]?.toFixed(1)}, analysis threads: ${threads} · ${ROUNDS} rounds · ${large.files.length} workflows, ${large.kb.toFixed(0)} KB, zip ${(large.zip.content.length / 1024).toFixed(0)} KB\n`,
)
console.log(
  '| scenario | requests | answers | time (median) | × baseline | idle RSS | peak RSS | × baseline |',
)
console.log('|---|---|---|---|---|---|---|---|')
for (const row of rows) {
  const time = baseline === undefined ? 0 : row.medianMs / baseline.medianMs
  const memory = baseline === undefined ? 0 : row.peak / baseline.peak
  console.log(
    `| ${row.name} | ${row.requests} | ${row.statuses} | ${row.medianMs.toFixed(0)} ms | ${time.toFixed(2)} | ${(row.idle / MiB).toFixed(0)} MiB | ${(row.peak / MiB).toFixed(0)} MiB | ${memory.toFixed(2)} |`,
  )
}
