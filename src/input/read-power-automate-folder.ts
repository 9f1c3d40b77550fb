/**
 * Power Automate flows from a folder on disk: an unpacked solution (Solution Packager's `src/`
 * tree, or `Other/Solution.xml` + `Workflows/`), an unzipped package, or a folder of flow JSON.
 * Only the files the analyzer reads are loaded (JSON and the solution's XML), within the archive
 * limits (entries, bytes per file and in all); links are not followed (folder-files.ts); classic
 * Dataverse workflows (`Workflows/*.xaml`) are listed as skipped. Which files are flows is the
 * analyzer's decision (analysis/power-automate/flow-submission-layout.ts).
 *
 * @module
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isPowerAutomateCandidate } from '../analysis/power-automate/flow-submission-layout.js'
import { type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS } from './archive/archive-limits.js'
import { byteBudget, listFolder } from './folder-files.js'
import {
  CLASSIC_WORKFLOW,
  CLASSIC_WORKFLOW_REASON,
  type PowerAutomateSubmissionFiles,
} from './read-power-automate-submission.js'

export async function readPowerAutomateFolder(
  folder: string,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Promise<PowerAutomateSubmissionFiles> {
  const files: Array<{ path: string; content: Buffer }> = []
  const skipped: Array<{ path: string; reason: string }> = []
  const count = byteBudget(limits)
  for (const entry of await listFolder(folder, limits)) {
    if (CLASSIC_WORKFLOW.test(entry.path)) skipped.push({ path: entry.path, reason: CLASSIC_WORKFLOW_REASON })
    else if (isPowerAutomateCandidate(entry.path)) {
      count(entry)
      files.push({ path: entry.path, content: await readFile(join(folder, entry.path)) })
    }
  }
  return { files, skipped }
}
