/**
 * Tests only: the Power Automate submissions of the shared corpus, each as the product would get
 * it: every upload zip (`samples/*\/solution/*.zip`), and every unpacked solution or package tree
 * (a folder with `solution.xml`, `Other/Solution.xml`, or a `manifest.json` beside
 * `Microsoft.Flow/`).
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { readPowerAutomateFolder } from '../../input/read-power-automate-folder.js'
import { readPowerAutomateArchive } from '../../input/read-power-automate-submission.js'
import type { PlatformSubmission } from '../platform-analyzer.js'
import { findCorpus } from '../xaml/test-helpers.js'

export const POWER_AUTOMATE_CORPUS_FOLDERS = [
  'pnp-powerautomate-samples',
  'microsoft-powercat-business-approvals-kit',
] as const

export interface CorpusSubmission {
  /** Path relative to the corpus. */
  readonly name: string
  readonly form: 'zip' | 'folder'
  readonly absolute: string
}

function walk(dir: string, out: string[]): void {
  for (const item of readdirSync(dir).sort()) {
    const full = join(dir, item)
    if (statSync(full).isDirectory()) walk(full, out)
    else out.push(full)
  }
}

/** Every Power Automate submission of the corpus, sorted by name. */
export function corpusPowerAutomateSubmissions(): CorpusSubmission[] {
  const corpus = findCorpus()
  if (corpus === undefined)
    throw new Error('the shared corpus is needed for this test (FLOWCERTA_CORPUS_DIR)')
  const out: CorpusSubmission[] = []
  for (const folder of POWER_AUTOMATE_CORPUS_FOLDERS) {
    const files: string[] = []
    walk(join(corpus, folder), files)
    const roots = new Set<string>()
    for (const file of files) {
      const rel = relative(corpus, file).split('\\').join('/')
      if (/\.zip$/i.test(rel)) out.push({ name: rel, form: 'zip', absolute: file })
      else if (/\/solution\.xml$/i.test(rel) && !/\/Other\/Solution\.xml$/i.test(rel))
        roots.add(rel.replace(/\/[^/]+$/, ''))
      else if (/\/Other\/Solution\.xml$/i.test(rel)) roots.add(rel.replace(/\/Other\/[^/]+$/i, ''))
      else if (/\/manifest\.json$/.test(rel) && existsSync(join(file, '..', 'Microsoft.Flow')))
        roots.add(rel.replace(/\/[^/]+$/, ''))
    }
    for (const root of roots) out.push({ name: `${root}/`, form: 'folder', absolute: join(corpus, root) })
  }
  return out.sort((a, b) => a.name.localeCompare(b.name))
}

/** The submission as the API (a zip) or the CLI (a folder) hands it to the analyzer. */
export async function loadCorpusSubmission(submission: CorpusSubmission): Promise<PlatformSubmission> {
  const read =
    submission.form === 'zip'
      ? await readPowerAutomateArchive(readFileSync(submission.absolute))
      : await readPowerAutomateFolder(submission.absolute)
  return { submissionName: submission.name, files: read.files, skipped: read.skipped }
}
