/**
 * Handing over the first admin key made by bootstrapFirstOrg. On a terminal it is printed, as a
 * person is reading. Otherwise (a supervisor, systemd, docker) stdout is a log that others read
 * and keep, so the key goes to `<data dir>/initial-admin-key` (0600, the key alone on its line)
 * and the log says only where it is.
 */
import fs from 'node:fs'
import path from 'node:path'
import { writePrivateFile } from '../config/private-files.js'
import type { Logger } from '../logging/create-logger.js'
import type { CreatedOrg } from './create-org.js'

export const INITIAL_ADMIN_KEY_FILE = 'initial-admin-key'

export interface FirstAdminKeyHandover {
  created: CreatedOrg
  /** Base URL for the `curl` hint. */
  baseUrl: string
  /** True: print with `print`. False: write the file and log its path. */
  toTerminal: boolean
  print: (text: string) => void
  dataDir: string
  logger: Logger
}

/** Where the key went: printed, or the file it was written to (null when that failed). */
export type HandoverResult = { printed: true } | { printed: false; file: string | null }

export function handOverFirstAdminKey(handover: FirstAdminKeyHandover): HandoverResult {
  const { created, baseUrl, logger } = handover
  const apiKey = created.adminKey.apiKey
  if (handover.toTerminal) {
    handover.print(
      `\nFlowcerta created the org "${created.name}" and its first admin API key. It is shown only this once:\n\n` +
        `  ${apiKey}\n\n` +
        `Try it: curl -H "Authorization: Bearer ${apiKey}" ${baseUrl}/api/v1/me\n\n`,
    )
    return { printed: true }
  }
  const file = path.resolve(handover.dataDir, INITIAL_ADMIN_KEY_FILE)
  try {
    // A file left by an earlier installation holds a key of a database that is gone.
    fs.rmSync(file, { force: true })
    writePrivateFile(file, `${apiKey}\n`)
  } catch (error) {
    // Never fall back to printing: that is the log this avoids. The CLI can make another key.
    logger.error(
      { path: file, reason: (error as Error).message, orgId: created.orgId },
      `could not write the first admin API key; create one with: flowcerta key create --org ${created.orgId} --email ${created.adminKey.email} --role admin`,
    )
    return { printed: false, file: null }
  }
  logger.warn(
    { path: file, orgId: created.orgId },
    `the first admin API key of org "${created.name}" is in this file (mode 0600); store it elsewhere, then delete the file`,
  )
  return { printed: false, file }
}
