/**
 * Power Automate flows from a folder on disk: an unpacked solution (Solution Packager's `src/`
 * tree, or `Other/Solution.xml` + `Workflows/`), an unzipped package, or a folder of flow JSON.
 * Only the files the analyzer reads are loaded (JSON and the solution's XML), within the archive
 * limits (entries, bytes per file and in all); links are not followed; classic Dataverse
 * workflows (`Workflows/*.xaml`) are listed as skipped. Which files are flows is the analyzer's
 * decision (analysis/power-automate/flow-submission-layout.ts).
 *
 * @module
 */
import { lstat, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isPowerAutomateCandidate } from '../analysis/power-automate/flow-submission-layout.js'
import { AppError } from '../domain/errors/app-error.js'
import { type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS } from './archive/archive-limits.js'
import {
  CLASSIC_WORKFLOW_REASON,
  type PowerAutomateSubmissionFiles,
} from './read-power-automate-submission.js'

export async function readPowerAutomateFolder(
  folder: string,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Promise<PowerAutomateSubmissionFiles> {
  const files: Array<{ path: string; content: Buffer }> = []
  const skipped: Array<{ path: string; reason: string }> = []
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
      else if (/(^|\/)Workflows\/[^/]+\.xaml$/i.test(path))
        skipped.push({ path, reason: CLASSIC_WORKFLOW_REASON })
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
  return { files, skipped }
}
