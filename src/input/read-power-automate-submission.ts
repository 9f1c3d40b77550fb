/**
 * Power Automate flows from an upload: a solution zip (as exported, or its unpacked tree zipped),
 * a legacy package zip, or a zip of flow JSON. Hostile-input checks are the zip reader's
 * (traversal, links, bombs, limits: archive/read-zip-archive.ts). Only the JSON files and the
 * solution's own XML are inflated; which of them are flows is the analyzer's decision, by content
 * (analysis/power-automate/flow-submission-layout.ts). A solution's classic Dataverse workflows
 * (`Workflows/*.xaml`) are listed as skipped, never inflated.
 *
 * @module
 */
import { isPowerAutomateCandidate } from '../analysis/power-automate/flow-submission-layout.js'
import type { ArchiveLimits } from './archive/archive-limits.js'
import { readZipArchive, type SkippedEntry } from './archive/read-zip-archive.js'
import type { ProjectSourceFile } from './read-uipath-project-archive.js'

export interface PowerAutomateSubmissionFiles {
  readonly files: readonly ProjectSourceFile[]
  readonly skipped: readonly SkippedEntry[]
}

export const CLASSIC_WORKFLOW_REASON = 'classic Dataverse workflow (XAML), not a cloud flow: not analysed'
export const CLASSIC_WORKFLOW = /(^|\/)Workflows\/[^/]+\.xaml$/i

export async function readPowerAutomateArchive(
  buffer: Buffer,
  limits?: ArchiveLimits,
): Promise<PowerAutomateSubmissionFiles> {
  const contents = await readZipArchive(buffer, {
    ...(limits === undefined ? {} : { limits }),
    select: (paths) => new Set(paths.filter(isPowerAutomateCandidate)),
  })
  const classic = contents.allPaths
    .filter((path) => CLASSIC_WORKFLOW.test(path))
    .map((path) => ({ path, reason: CLASSIC_WORKFLOW_REASON }))
  return { files: contents.files, skipped: [...classic, ...contents.skipped] }
}
