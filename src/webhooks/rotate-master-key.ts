/**
 * Master-key rotation: re-seals every webhook secret (current and previous, deleted webhooks
 * included) from the old master key to a new one. The secrets themselves do not change, so
 * receivers notice nothing. `flowcerta secret-key rotate` runs it (src/cli/secret-key-command.ts).
 *
 * 1. Check, reading only: every sealed secret must open under the old key — or under the new one
 *    (already re-sealed by an interrupted earlier run, which this run then completes). A secret
 *    that opens under neither means the old key is wrong: refused before anything is written.
 * 2. Re-seal, `batchSize` webhooks per transaction, in id order, each row by a conditional update
 *    (only if its sealed values are still those read), so a crash leaves whole batches done and a
 *    rerun finishes the rest.
 * 3. Verify, reading only: every secret opens under the new key. A row that does not was sealed
 *    again under the old key by a process still running (it is reported: stop every process and
 *    run the command again, which re-seals it).
 * Secrets are held in memory one batch at a time and never logged or returned.
 */
import type { Store } from '../store/store.js'
import { listSealedSecretsPage, resealSecrets, type SealedSecretRow } from '../store/webhooks.js'
import { decryptSecret, encryptSecret, SecretBoxError } from './secret-box.js'

export const DEFAULT_ROTATION_BATCH_SIZE = 200

/** Why a rotation was refused or did not finish; the CLI prints the code and message. */
export class MasterKeyRotationError extends Error {
  constructor(
    readonly code: 'SAME_MASTER_KEY' | 'WRONG_OLD_MASTER_KEY' | 'SEALED_UNDER_OLD_KEY_DURING_ROTATION',
    message: string,
    /** The webhook whose secret was the problem, when there is one. */
    readonly webhookId?: string,
  ) {
    super(message)
    this.name = 'MasterKeyRotationError'
  }
}

export interface MasterKeyRotationReport {
  /** Webhooks read (deleted ones included). */
  webhooks: number
  /** Sealed secrets re-sealed under the new key by this run (current and previous ones). */
  resealed: number
  /** Sealed secrets that already opened under the new key (an earlier, interrupted run). */
  alreadyUnderNewKey: number
  /** True when `dryRun` asked for the check only: nothing was written. */
  dryRun: boolean
}

/** Whether `key` opens a sealed secret of webhook `id`. */
function opensUnder(key: Buffer, sealed: string, id: string): boolean {
  try {
    decryptSecret(key, sealed, id)
    return true
  } catch (error) {
    if (error instanceof SecretBoxError) return false
    throw error
  }
}

/** Which key opens a sealed secret of webhook `id`: 'old', 'new', or null when neither does. */
function openingKey(
  sealed: string,
  id: string,
  keys: { oldKey: Buffer; newKey: Buffer },
): 'old' | 'new' | null {
  if (opensUnder(keys.oldKey, sealed, id)) return 'old'
  return opensUnder(keys.newKey, sealed, id) ? 'new' : null
}

function sealedValues(row: SealedSecretRow): string[] {
  return row.previousSecretEncrypted === null
    ? [row.secretEncrypted]
    : [row.secretEncrypted, row.previousSecretEncrypted]
}

/** Every webhook row, a page at a time, in id order. */
async function* everyRowPage(store: Store, batchSize: number): AsyncGenerator<SealedSecretRow[]> {
  let afterId: string | null = null
  for (;;) {
    const page = await listSealedSecretsPage(store.db, afterId, batchSize)
    if (page.length === 0) return
    yield page
    afterId = page.at(-1)!.id
  }
}

/** A sealed value under the new key: re-sealed when the old key opens it, kept when the new one does. */
function reseal(sealed: string, id: string, keys: { oldKey: Buffer; newKey: Buffer }): string | null {
  let plaintext: string
  try {
    plaintext = decryptSecret(keys.oldKey, sealed, id)
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error
    return null // already under the new key (checked in step 1)
  }
  return encryptSecret(keys.newKey, plaintext, id)
}

export async function rotateMasterKey(
  store: Store,
  options: { oldKey: Buffer; newKey: Buffer; batchSize?: number; dryRun?: boolean },
): Promise<MasterKeyRotationReport> {
  const keys = { oldKey: options.oldKey, newKey: options.newKey }
  const batchSize = options.batchSize ?? DEFAULT_ROTATION_BATCH_SIZE
  if (keys.oldKey.equals(keys.newKey)) {
    throw new MasterKeyRotationError('SAME_MASTER_KEY', 'the old and the new master key are the same key')
  }

  // 1. Check: nothing is written unless every secret opens under one of the two keys.
  const report: MasterKeyRotationReport = {
    webhooks: 0,
    resealed: 0,
    alreadyUnderNewKey: 0,
    dryRun: options.dryRun === true,
  }
  let underOldKey = 0
  for await (const page of everyRowPage(store, batchSize)) {
    report.webhooks += page.length
    for (const row of page) {
      for (const sealed of sealedValues(row)) {
        const key = openingKey(sealed, row.id, keys)
        if (key === null) {
          throw new MasterKeyRotationError(
            'WRONG_OLD_MASTER_KEY',
            `the secret of webhook ${row.id} opens under neither the old nor the new master key: the old key is not the one in use. Nothing was changed.`,
            row.id,
          )
        }
        if (key === 'old') underOldKey++
        else report.alreadyUnderNewKey++
      }
    }
  }
  if (report.dryRun) return { ...report, resealed: underOldKey }

  // 2. Re-seal, one transaction per batch.
  let afterId: string | null = null
  for (;;) {
    const done: { lastId: string | null; resealed: number } = await store.transaction(async (trx) => {
      const page = await listSealedSecretsPage(trx, afterId, batchSize)
      let resealed = 0
      for (const row of page) {
        const secret = reseal(row.secretEncrypted, row.id, keys)
        const previous =
          row.previousSecretEncrypted === null ? null : reseal(row.previousSecretEncrypted, row.id, keys)
        if (secret === null && previous === null) continue
        const next = {
          secretEncrypted: secret ?? row.secretEncrypted,
          previousSecretEncrypted: previous ?? row.previousSecretEncrypted,
        }
        // Changed since it was read (a running process): step 3 finds it if it is still under the old key.
        if (await resealSecrets(trx, row, next))
          resealed += (secret === null ? 0 : 1) + (previous === null ? 0 : 1)
      }
      return { lastId: page.at(-1)?.id ?? null, resealed }
    })
    report.resealed += done.resealed
    if (done.lastId === null) break
    afterId = done.lastId
  }

  // 3. Verify: every secret opens under the new key.
  for await (const page of everyRowPage(store, batchSize)) {
    for (const row of page) {
      for (const sealed of sealedValues(row)) {
        if (!opensUnder(keys.newKey, sealed, row.id)) {
          throw new MasterKeyRotationError(
            'SEALED_UNDER_OLD_KEY_DURING_ROTATION',
            `the secret of webhook ${row.id} was sealed again under the old master key while the rotation ran (a Flowcerta process is still running with it): stop every process and run the command again`,
            row.id,
          )
        }
      }
    }
  }
  return report
}
