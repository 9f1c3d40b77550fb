/**
 * Memory and time of hostile workflow files through the real API (a script, not a test).
 *
 *   npm run bench:memory        # = npm run build && tsx bench/hostile-input-memory.bench.ts
 *   # BENCH_ROUNDS=3 BENCH_ONLY=<part of a name> BENCH_BODY=multipart|json|base64
 *   # BENCH_CLI=<other build>/dist/cli/index.js FLOWCERTA_ANALYSIS_THREADS=<n> FLOWCERTA_CORPUS_DIR=../shared/corpus
 *
 * 1. Starts the built service (`node dist/cli/index.js serve`) in a child process on a fresh temp
 *    data dir (embedded SQLite) and a free port; takes the first-run admin key from its stdout (or
 *    from `<data dir>/initial-admin-key` when it writes it there).
 * 2. Warms it up with the baseline (the corpus .xaml closest to 50 KB) so the analysis thread has
 *    started, lets it settle, and reads its idle RSS (VmRSS of /proc/<pid>/status).
 * 3. Sends each input of test/helpers/hostile-workflows.ts as multipart `file` (one at a time; the
 *    near-limit file four times in parallel too), BENCH_ROUNDS times. Before each round the
 *    kernel's peak-RSS counter is reset (`echo 5 > /proc/<pid>/clear_refs`), after it VmHWM is the
 *    peak of that round; VmRSS is also sampled every 5 ms as a cross-check.
 * 4. Prints, per input, the answer, the worst peak RSS over idle (and absolute) and the median
 *    answer time (the slowest of the parallel ones), with both as ratios of the baseline's in the
 *    same run: a Markdown table for bench/README.md.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import {
  emptyElements,
  type HostileWorkflow,
  hugeDisplayName,
  manyFindings,
  nearByteLimitOfSmallActivities,
  nearEveryLimit,
  wrappedActivities,
} from '../test/helpers/hostile-workflows.js'
import { memoryOf, peakDuring, settle, withServer } from './bench-server.js'

const ROOT = resolve(import.meta.dirname, '..')
const CORPUS = resolve(process.env.FLOWCERTA_CORPUS_DIR ?? join(ROOT, '../shared/corpus'))
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
/** Only the scenarios whose name contains this (and the baseline). */
const ONLY = process.env.BENCH_ONLY
/** How the file is sent: multipart `file` (default), JSON `content` or JSON `contentBase64`. */
const BODY = process.env.BENCH_BODY ?? 'multipart'
if (!['multipart', 'json', 'base64'].includes(BODY)) throw new Error('BENCH_BODY: multipart | json | base64')
const MiB = 1024 * 1024

function baselineFile(): HostileWorkflow {
  const target = 50 * 1000
  const files = readdirSync(CORPUS, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.toLowerCase().endsWith('.xaml'))
    .map((name) => ({ name, size: statSync(join(CORPUS, name)).size }))
    .sort((a, b) => Math.abs(a.size - target) - Math.abs(b.size - target) || a.name.localeCompare(b.name))
  const file = files[0]
  if (file === undefined) throw new Error(`no .xaml under ${CORPUS}`)
  return {
    name: `baseline: ${file.name}`,
    fileName: file.name.split(/[\\/]/).at(-1) ?? file.name,
    content: readFileSync(join(CORPUS, file.name)),
    expected: 201,
  }
}

interface Answer {
  status: number
  code: string | undefined
  ms: number
}

/** The request body for `input` in the BODY encoding, with its content type (multipart: fetch's). */
function requestBody(input: HostileWorkflow): { body: FormData | string; headers: Record<string, string> } {
  if (BODY === 'multipart') {
    const form = new FormData()
    form.append('file', new Blob([input.content]), input.fileName)
    return { body: form, headers: {} }
  }
  const content =
    BODY === 'json'
      ? { content: input.content.toString('utf8') }
      : { contentBase64: input.content.toString('base64') }
  return {
    body: JSON.stringify({ fileName: input.fileName, ...content }),
    headers: { 'content-type': 'application/json' },
  }
}

async function send(base: string, apiKey: string, input: HostileWorkflow): Promise<Answer> {
  const { body, headers } = requestBody(input)
  const started = performance.now()
  const response = await fetch(`${base}/api/v1/validations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, ...headers },
    body,
  })
  const answer = (await response.json()) as { error?: { code?: string } }
  return { status: response.status, code: answer.error?.code, ms: performance.now() - started }
}

interface Measured {
  name: string
  mib: number
  answers: string
  peakOverIdle: number
  medianMs: number
}

async function measure(
  pid: number,
  idle: number,
  name: string,
  inputs: HostileWorkflow[],
  run: () => Promise<Answer[]>,
): Promise<Measured> {
  const peaks: number[] = []
  const times: number[] = []
  const answers = new Set<string>()
  for (let round = 0; round < ROUNDS; round++) {
    const { result: results, peak } = await peakDuring(pid, run)
    peaks.push(peak - idle)
    times.push(Math.max(...results.map((r) => r.ms)))
    for (const [i, r] of results.entries()) {
      const expected = inputs[i]?.expected
      const got = r.status === 201 ? 201 : r.code
      answers.add(
        `${r.status}${r.code === undefined ? '' : ` ${r.code}`}${got === expected ? '' : ' (UNEXPECTED)'}`,
      )
    }
  }
  times.sort((a, b) => a - b)
  const result = {
    name,
    mib: inputs.reduce((sum, input) => sum + input.content.length, 0) / MiB,
    answers: [...answers].join(', '),
    peakOverIdle: Math.max(...peaks),
    medianMs: times[Math.floor(times.length / 2)] ?? 0,
  }
  console.error(
    `${name}: ${result.answers}; peak over idle ${(result.peakOverIdle / MiB).toFixed(0)} MiB; ${result.medianMs.toFixed(0)} ms`,
  )
  return result
}

const baseline = baselineFile()
const single = [
  emptyElements(),
  nearByteLimitOfSmallActivities(),
  hugeDisplayName(),
  wrappedActivities(),
  manyFindings(),
  nearEveryLimit(),
]
const parallel = [0, 1, 2, 3].map((i) => nearEveryLimit(i))

interface Scenario {
  name: string
  inputs: HostileWorkflow[]
}

const scenarios: Scenario[] = [
  { name: baseline.name, inputs: [baseline] },
  ...single.map((input) => ({ name: input.name, inputs: [input] })),
  { name: '4 × near every limit, in parallel', inputs: parallel },
]

/** One server per scenario, so no scenario's garbage counts against the next one's peak. */
async function runScenario(scenario: Scenario): Promise<Measured & { idleCold: number; idle: number }> {
  return withServer('flowcerta-bench-memory-', async ({ base, apiKey, pid }) => {
    await settle()
    const idleCold = memoryOf(pid).rss
    for (let i = 0; i < 5; i++) await send(base, apiKey, baseline)
    await settle()
    const idle = memoryOf(pid).rss
    const measured = await measure(pid, idle, scenario.name, scenario.inputs, () =>
      Promise.all(scenario.inputs.map((input) => send(base, apiKey, input))),
    )
    return { ...measured, idleCold, idle }
  })
}

const rows: (Measured & { idleCold: number; idle: number })[] = []
for (const scenario of scenarios) {
  if (ONLY !== undefined && scenario !== scenarios[0] && !scenario.name.includes(ONLY)) continue
  rows.push(await runScenario(scenario))
}

const [first] = rows
const threads = process.env.FLOWCERTA_ANALYSIS_THREADS ?? 'default'
const machine = `${cpus().length} cores, Node ${process.versions.node}, load avg ${loadavg()[0]?.toFixed(1)}, analysis threads: ${threads}, body: ${BODY}`
console.log(`${new Date().toISOString().slice(0, 10)} · ${machine} · ${ROUNDS} rounds\n`)
console.log(
  '| input | MiB | answer | idle RSS (cold / warm) | peak RSS over idle | peak RSS | × baseline | time (median) | × baseline |',
)
console.log('|---|---|---|---|---|---|---|---|---|')
for (const row of rows) {
  // Absolute peaks: the baseline's peak over idle is ~0 (warm-up made its memory resident).
  const memRatio = first === undefined ? 0 : (row.idle + row.peakOverIdle) / (first.idle + first.peakOverIdle)
  const timeRatio = first === undefined ? 0 : row.medianMs / first.medianMs
  console.log(
    `| ${row.name} | ${row.mib.toFixed(2)} | ${row.answers} | ${(row.idleCold / MiB).toFixed(0)} / ${(row.idle / MiB).toFixed(0)} MiB | ${(row.peakOverIdle / MiB).toFixed(0)} MiB | ${((row.idle + row.peakOverIdle) / MiB).toFixed(0)} MiB | ` +
      `${memRatio.toFixed(1)} | ${row.medianMs.toFixed(0)} ms | ${timeRatio.toFixed(1)} |`,
  )
}
