/**
 * Power Automate flows from an upload: a solution zip, a legacy package zip, or one flow's JSON.
 * SKELETON, filled by the Power Automate work (issue 16): for now a zip gives its `.json` and
 * `.xml` entries (the zip reader's safety checks and limits apply) and the analyzer decides.
 *
 * @module
 */
import type { ArchiveLimits } from './archive/archive-limits.js'
import { readZipArchive, type SkippedEntry } from './archive/read-zip-archive.js'
import type { ProjectSourceFile } from './read-uipath-project-archive.js'

export interface PowerAutomateSubmissionFiles {
  readonly files: readonly ProjectSourceFile[]
  readonly skipped: readonly SkippedEntry[]
}

export async function readPowerAutomateArchive(
  buffer: Buffer,
  limits?: ArchiveLimits,
): Promise<PowerAutomateSubmissionFiles> {
  const contents = await readZipArchive(buffer, {
    ...(limits === undefined ? {} : { limits }),
    select: (paths) => new Set(paths.filter((path) => /\.(json|xml)$/i.test(path))),
  })
  return { files: contents.files, skipped: contents.skipped }
}
