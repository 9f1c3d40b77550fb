/**
 * A Power Automate submission from a folder on disk: an unpacked solution (Solution Packager's
 * `src/` tree, or `Other/Solution.xml` + `Workflows/`), an unzipped package, or a folder of flow
 * JSON files. Only the files the layout reads are loaded (JSON and the solution's XML), each at
 * most the archive reader's per-entry limit; links are not followed. What is a flow is the
 * layout's (power-automate-layout.ts).
 *
 * @module
 */
import { lstat, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../domain/errors/app-error.js'
import { type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS } from './archive/archive-limits.js'
import {
  isPowerAutomateCandidate,
  type PowerAutomateSubmission,
  planPowerAutomateSubmission,
  type SubmittedFile,
} from './power-automate-layout.js'

export async function readPowerAutomateFolder(
  folder: string,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Promise<PowerAutomateSubmission> {
  const files: SubmittedFile[] = []
  const classic: string[] = []
  let entries = 0
  let bytes = 0
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const item of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (++entries > limits.maxEntries) {
        throw new AppError('ARCHIVE_TOO_MANY_ENTRIES', {
          message: `the folder has more than ${limits.maxEntries} entries`,
        })
      }
      const path = `${prefix}${item.name}`
      if (item.isSymbolicLink()) continue
      if (item.isDirectory()) await walk(join(dir, item.name), `${path}/`)
      else if (/(^|\/)Workflows\/[^/]+\.xaml$/i.test(path)) classic.push(path)
      else if (item.isFile() && isPowerAutomateCandidate(path)) {
        const size = (await lstat(join(dir, item.name))).size
        bytes += size
        if (size > limits.maxEntryBytes || bytes > limits.maxSelectedBytes) {
          throw new AppError('ARCHIVE_TOO_LARGE', {
            message: `${path}: the flow files are larger than allowed`,
          })
        }
        files.push({ path, content: await readFile(join(dir, item.name)) })
      }
    }
  }
  await walk(folder, '')
  const plan = planPowerAutomateSubmission(files)
  const skippedClassic = classic
    .filter((path) => path.startsWith(plan.root))
    .map((path) => ({
      path: path.slice(plan.root.length),
      reason: 'classic Dataverse workflow (XAML), not a cloud flow: not analysed',
    }))
  if (plan.flows.length === 0) {
    throw new AppError('ARCHIVE_NO_WORKFLOWS', {
      message: 'the folder holds no cloud flow',
      details: [{ field: 'file', reason: 'no JSON file in it is a cloud flow definition' }],
    })
  }
  return { ...plan, skipped: [...plan.skipped, ...skippedClassic] }
}
