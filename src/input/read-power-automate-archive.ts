/**
 * A Power Automate submission from an uploaded `.zip`: a solution (as exported, or its unpacked
 * tree zipped) or a legacy package. Hostile-input checks are the zip reader's (traversal, links,
 * bombs, limits: archive/read-zip-archive.ts); what is a flow, the layout's
 * (power-automate-layout.ts). Only JSON files and the solution's XML are inflated.
 *
 * @module
 */
import { AppError } from '../domain/errors/app-error.js'
import type { ArchiveLimits } from './archive/archive-limits.js'
import { readZipArchive } from './archive/read-zip-archive.js'
import {
  isPowerAutomateCandidate,
  type PowerAutomateSubmission,
  planPowerAutomateSubmission,
} from './power-automate-layout.js'

export async function readPowerAutomateArchive(
  buffer: Buffer,
  options: { readonly limits?: ArchiveLimits } = {},
): Promise<PowerAutomateSubmission> {
  const contents = await readZipArchive(buffer, {
    select: (paths) => new Set(paths.filter(isPowerAutomateCandidate)),
    ...(options.limits === undefined ? {} : { limits: options.limits }),
  })
  const plan = planPowerAutomateSubmission(contents.files)
  // Classic workflows are not selected (never inflated), but they are listed.
  const xaml = contents.allPaths
    .filter((path) => path.startsWith(plan.root) && /(^|\/)Workflows\/[^/]+\.xaml$/i.test(path))
    .map((path) => ({
      path: path.slice(plan.root.length),
      reason: 'classic Dataverse workflow (XAML), not a cloud flow: not analysed',
    }))
  if (plan.flows.length === 0) {
    throw new AppError('ARCHIVE_NO_WORKFLOWS', {
      message: `the archive holds no cloud flow (a ${plan.kind === 'flows' ? 'zip' : plan.kind} without a workflow definition)`,
      details: [{ field: 'file', reason: 'no JSON file in it is a cloud flow definition' }],
    })
  }
  return { ...plan, skipped: [...plan.skipped, ...xaml, ...contents.skipped] }
}
