/**
 * What the benchmarks that load the HTTP API share (plain JS, so `node bench/*.mjs` runs it
 * without tsx; types in api-load.d.mts): the corpus file they send, and autocannon in its own
 * process so its CPU is not the measuring script's.
 */
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '..')
const AUTOCANNON = join(ROOT, 'node_modules/autocannon/autocannon.js')

/** The corpus `.xaml` closest to `targetBytes` (50 KB: a typical workflow), ties by path. */
export function closestCorpusFile(corpusDir, targetBytes = 50 * 1000) {
  const files = readdirSync(corpusDir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.toLowerCase().endsWith('.xaml'))
    .map((name) => ({ path: join(corpusDir, name), size: statSync(join(corpusDir, name)).size }))
    .sort(
      (a, b) =>
        Math.abs(a.size - targetBytes) - Math.abs(b.size - targetBytes) || a.path.localeCompare(b.path),
    )
  if (files.length === 0) throw new Error(`no .xaml under ${corpusDir} (set FLOWCERTA_CORPUS_DIR)`)
  return files[0]
}

/** autocannon's CLI in its own process; resolves with its `--json` result. */
export function autocannon(args) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [AUTOCANNON, '--json', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c) => {
      stdout += c
    })
    child.stderr.on('data', (c) => {
      stderr += c
    })
    child.once('exit', (code) => {
      if (code !== 0) return fail(new Error(`autocannon failed (${code}): ${stderr}`))
      done(JSON.parse(stdout))
    })
  })
}

/** The figures the benches report from one autocannon result. */
export const summarise = (r) => ({
  rps: r.requests.average,
  p50: r.latency.p50,
  p99: r.latency.p99,
  total: r.requests.total,
  non2xx: r.non2xx ?? 0,
  errors: r.errors + r.timeouts,
})

/** POST /api/v1/validations of `bodyFile` (JSON `{fileName, content}`) for `duration` s at `connections`. */
export async function loadValidations({ base, apiKey, bodyFile, connections, duration }) {
  return summarise(
    await autocannon([
      '-c',
      String(connections),
      '-d',
      String(duration),
      '-m',
      'POST',
      '-H',
      'content-type=application/json',
      '-H',
      `authorization=Bearer ${apiKey}`,
      '-i',
      bodyFile,
      `${base}/api/v1/validations`,
    ]),
  )
}

/** One validation by hand before a load: the bench must measure successes, not fast errors. */
export async function probeValidation(base, apiKey, bodyFile) {
  const response = await fetch(`${base}/api/v1/validations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: readFileSync(bodyFile),
  })
  if (response.status !== 201)
    throw new Error(`probe validation at ${base}: ${response.status} ${await response.text()}`)
}
