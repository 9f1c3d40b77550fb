/**
 * Project analysis benchmark (a script, not a test). Run: `npx tsx bench/project-analysis.bench.ts`
 * (FLOWCERTA_CORPUS_DIR overrides ../shared/corpus; BENCH_ROUNDS, default 9).
 * For real REFramework projects of the corpus, in one process and on the same bytes, alternating:
 * - the project as one submission (`analyzeProject`: every file parsed once, file rules, project
 *   rules, framework rules by role), against
 * - the sum of its files' single-file analyses (`analyzeWorkflow` per file: the baseline),
 * and the same project read from a zip first (`readUiPathProjectArchive`, as the API does).
 * Reports medians and the ratio to the baseline (aim ≤ 1.3×). Prints Markdown rows.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { analyzeWorkflow } from '../src/analysis/analyze.js'
import { analyzeProject } from '../src/analysis/analyze-project.js'
import { buildTestZip } from '../src/input/archive/test-zip-writer.js'
import { readUiPathProjectArchive } from '../src/input/read-uipath-project-archive.js'

const ROOT = resolve(import.meta.dirname, '..')
const CORPUS = resolve(process.env.FLOWCERTA_CORPUS_DIR ?? join(ROOT, '../shared/corpus'))
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9)
const PROJECTS = [
  'uipath-studiotemplates-reframework/pt0/VisualBasic',
  'uipath-studiotemplates-reframework/pt1/CSharp',
  'ahmed-ismail999-rpa-uipath--process-vendor-invoices/Process Vendor Invoices',
]

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

function load(folder: string) {
  const root = join(CORPUS, folder)
  const all = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((name) =>
    statSync(join(root, name)).isFile(),
  )
  const files = all
    .filter((name) => name.toLowerCase().endsWith('.xaml'))
    .sort()
    .map((name) => ({
      path: relative(root, join(root, name)).split(sep).join('/'),
      content: readFileSync(join(root, name)),
    }))
  const projectJson = readFileSync(join(root, 'project.json'))
  const zip = buildTestZip(
    all.map((name) => ({ name: name.split(sep).join('/'), data: readFileSync(join(root, name)) })),
  )
  return { files, projectJson, zip }
}

console.log(
  '| project | files | KB | single files, sum (ms) | project (ms) | ratio | from zip (ms) | ratio |',
)
console.log('|---|---|---|---|---|---|---|---|')
for (const folder of PROJECTS) {
  const { files, projectJson, zip } = load(folder)
  const kb = Math.round(files.reduce((sum, file) => sum + file.content.length, 0) / 1024)
  const single: number[] = []
  const project: number[] = []
  const fromZip: number[] = []
  for (let round = 0; round < ROUNDS + 1; round++) {
    let started = performance.now()
    for (const file of files)
      analyzeWorkflow({ content: file.content, fileName: file.path, relativePath: file.path })
    const a = performance.now() - started
    started = performance.now()
    analyzeProject({ submissionName: 'p.zip', projectJson, files })
    const b = performance.now() - started
    started = performance.now()
    const read = await readUiPathProjectArchive(zip)
    analyzeProject({ submissionName: 'p.zip', projectJson: read.projectJson, files: read.workflows })
    const c = performance.now() - started
    if (round === 0) continue // warm-up
    single.push(a)
    project.push(b)
    fromZip.push(c)
  }
  const base = median(single)
  console.log(
    `| ${folder} | ${files.length} | ${kb} | ${base.toFixed(0)} | ${median(project).toFixed(0)} | ${(median(project) / base).toFixed(2)} | ${median(fromZip).toFixed(0)} | ${(median(fromZip) / base).toFixed(2)} |`,
  )
}
