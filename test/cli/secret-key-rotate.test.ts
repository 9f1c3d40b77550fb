/**
 * `flowcerta secret-key rotate`, the real command on both engines. Webhooks are made through the
 * API of a real `flowcerta serve` under the old master key (one with a rotated signing secret, so
 * a previous secret is sealed too, and one deleted). Then, with the server stopped:
 * - a wrong old key, the same key twice and a file that is not a key are refused, and every
 *   sealed value stays byte for byte as it was; a dry run changes nothing either;
 * - the rotation (one webhook per transaction) re-seals all of them; a second run finds them done;
 * - a server started with the new key delivers a validation to receivers that verify the
 *   signatures with the secrets the API handed out (X-Flowcerta-Signature with the published
 *   receiver library, webhook-signature with the `standardwebhooks` npm library, for the rotated
 *   webhook with its previous secret as well) and answer 401 otherwise.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifySignature } from '../../src/webhooks/receiver/index.js'
import { decryptSecret } from '../../src/webhooks/secret-box.js'
import { type RunningProcess, runCli } from '../helpers/run-cli.js'
import { testEngines } from '../helpers/test-stores.js'
import { corpusBytes, multipartBody, SMALL_FILE } from '../helpers/validation-test-kit.js'
import { type ReceivedRequest, startReceiver, type TestReceiver } from '../webhooks/delivery-test-kit.js'
import {
  adminApi,
  openSystemDatabase,
  type SystemDatabase,
  servedAddress,
  startServe,
  waitFor,
} from '../webhooks/system-test-kit.js'

/** A receiver that answers 200 only when every given secret verifies its header, else 401. */
function verifyingReceiver(checks: () => { flowcerta: string; standard: string[] }): Promise<TestReceiver> {
  return startReceiver((request: ReceivedRequest, res) => {
    const { flowcerta, standard } = checks()
    const header = request.headers['x-flowcerta-signature']
    let ok = verifySignature(request.body, typeof header === 'string' ? header : undefined, flowcerta)
    for (const secret of standard) {
      try {
        new Webhook(secret).verify(request.body.toString('utf8'), request.headers as Record<string, string>)
      } catch {
        ok = false
      }
    }
    res.writeHead(ok ? 200 : 401).end()
  })
}

describe.each(testEngines())('flowcerta secret-key rotate on %s', (engine) => {
  let db: SystemDatabase
  let work: string
  let server: RunningProcess | undefined
  let plain: TestReceiver
  let rotated: TestReceiver
  const secrets = { plain: '', rotatedNow: '', rotatedBefore: '' }
  const ids = { plain: '', rotated: '', deleted: '' }
  let oldKeyFile: string
  let newKeyFile: string
  let newKey: Buffer

  const rotate = (args: string[]) => runCli(['secret-key', 'rotate', ...args], db.env)
  const sealedRows = () =>
    db.store.db
      .selectFrom('webhooks')
      .select(['id', 'secret_encrypted', 'previous_secret_encrypted', 'updated_at'])
      .orderBy('id')
      .execute()

  beforeAll(async () => {
    db = await openSystemDatabase(engine)
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'flowcerta-rotate-'))
    oldKeyFile = path.join(work, 'old.key')
    newKeyFile = path.join(work, 'new.key')
    newKey = randomBytes(32)
    fs.writeFileSync(oldKeyFile, `${db.masterKey.toString('base64')}\n`, { mode: 0o600 })
    fs.writeFileSync(newKeyFile, `${newKey.toString('hex')}\n`, { mode: 0o600 })

    plain = await verifyingReceiver(() => ({ flowcerta: secrets.plain, standard: [secrets.plain] }))
    rotated = await verifyingReceiver(() => ({
      flowcerta: secrets.rotatedNow,
      standard: [secrets.rotatedNow, secrets.rotatedBefore],
    }))
    server = await startServe(db, 'api')
    const api = adminApi(
      () => db,
      () => servedAddress(server!),
    )
    const create = async (url: string) => {
      const created = await api('POST', '/api/v1/org-webhooks', { url, events: ['validation.completed'] })
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      return created.body as { id: string; secret: string }
    }
    const first = await create(plain.url)
    ids.plain = first.id
    secrets.plain = first.secret
    const second = await create(rotated.url)
    ids.rotated = second.id
    secrets.rotatedBefore = second.secret
    const rotation = await api('POST', `/api/v1/org-webhooks/${second.id}/rotate-secret`, {})
    expect(rotation.status, JSON.stringify(rotation.body)).toBe(200)
    secrets.rotatedNow = rotation.body.secret
    const third = await create(`${plain.url}/gone`)
    ids.deleted = third.id
    expect((await api('DELETE', `/api/v1/org-webhooks/${third.id}`)).status).toBe(204)
    await server.stop()
    server = undefined
  }, 120_000)

  afterAll(async () => {
    await server?.stop()
    await plain?.close()
    await rotated?.close()
    await db?.cleanup()
    if (work !== undefined) fs.rmSync(work, { recursive: true, force: true })
  })

  it('refuses a wrong old key, the same key twice and a non-key file, changing nothing; a dry run changes nothing', async () => {
    const before = await sealedRows()
    expect(before).toHaveLength(3)
    expect(before.find((row) => row.id === ids.rotated)?.previous_secret_encrypted).not.toBeNull()

    const wrongKeyFile = path.join(work, 'wrong.key')
    fs.writeFileSync(wrongKeyFile, randomBytes(32).toString('base64'), { mode: 0o600 })
    const wrong = await rotate(['--old-key-file', wrongKeyFile, '--new-key-file', newKeyFile])
    expect(wrong.code, wrong.stderr).toBe(3)
    expect(wrong.stderr).toContain('WRONG_OLD_MASTER_KEY')
    expect(wrong.stderr).toContain('Nothing was changed')
    expect(await sealedRows()).toEqual(before)

    const same = await rotate(['--old-key-file', oldKeyFile, '--new-key-file', oldKeyFile])
    expect(same.code, same.stderr).toBe(3)
    expect(same.stderr).toContain('SAME_MASTER_KEY')

    const notAKeyFile = path.join(work, 'not-a.key')
    fs.writeFileSync(notAKeyFile, 'hunter2\n', { mode: 0o600 })
    const notAKey = await rotate(['--old-key-file', oldKeyFile, '--new-key-file', notAKeyFile])
    expect(notAKey.code, notAKey.stderr).toBe(2)
    expect(notAKey.stderr).toContain('--new-key-file')
    expect(notAKey.stderr).not.toContain('hunter2')
    const missing = await rotate([
      '--old-key-file',
      path.join(work, 'none.key'),
      '--new-key-file',
      newKeyFile,
    ])
    expect(missing.code, missing.stderr).toBe(2)

    const dry = await rotate([
      '--old-key-file',
      oldKeyFile,
      '--new-key-file',
      newKeyFile,
      '--dry-run',
      '--json',
    ])
    expect(dry.code, dry.stderr).toBe(0)
    expect(JSON.parse(dry.stdout)).toEqual({ webhooks: 3, resealed: 4, alreadyUnderNewKey: 0, dryRun: true })
    expect(await sealedRows()).toEqual(before)
  })

  it('re-seals every secret one batch per transaction; then every webhook still verifies under the new key', async () => {
    const before = await sealedRows()
    const run = await rotate([
      '--old-key-file',
      oldKeyFile,
      '--new-key-file',
      newKeyFile,
      '--batch-size',
      '1',
      '--json',
    ])
    expect(run.code, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual({ webhooks: 3, resealed: 4, alreadyUnderNewKey: 0, dryRun: false })
    expect(run.stdout + run.stderr).not.toContain(newKey.toString('hex'))

    const after = await sealedRows()
    for (const row of after) {
      const earlier = before.find((b) => b.id === row.id)!
      expect(row.secret_encrypted).not.toBe(earlier.secret_encrypted)
      expect(row.updated_at).toBe(earlier.updated_at)
      for (const sealed of [row.secret_encrypted, row.previous_secret_encrypted]) {
        if (sealed === null) continue
        expect(() => decryptSecret(db.masterKey, sealed, row.id)).toThrow()
        // The same secret as before, only sealed under the new key.
        const earlierSealed =
          sealed === row.secret_encrypted ? earlier.secret_encrypted : earlier.previous_secret_encrypted!
        expect(decryptSecret(newKey, sealed, row.id)).toBe(decryptSecret(db.masterKey, earlierSealed, row.id))
      }
    }
    expect(decryptSecret(newKey, after.find((r) => r.id === ids.plain)!.secret_encrypted, ids.plain)).toBe(
      secrets.plain,
    )

    // A second run (an interrupted one resumed, say): everything is already under the new key.
    const again = await rotate(['--old-key-file', oldKeyFile, '--new-key-file', newKeyFile, '--json'])
    expect(again.code, again.stderr).toBe(0)
    expect(JSON.parse(again.stdout)).toEqual({
      webhooks: 3,
      resealed: 0,
      alreadyUnderNewKey: 4,
      dryRun: false,
    })
    expect(await sealedRows()).toEqual(after)

    // The service under the new key: a validation reaches both receivers, signed as they verify.
    server = await startServe(db, 'all', { FLOWCERTA_SECRET_KEY: newKey.toString('base64') })
    const { payload, headers } = await multipartBody([
      { name: 'file', fileName: 'Main.xaml', content: corpusBytes(SMALL_FILE) },
    ])
    const posted = await fetch(`${servedAddress(server)}/api/v1/validations`, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${db.adminKey}` },
      body: payload,
    })
    expect(posted.status).toBe(201)
    const succeeded = async () =>
      db.store.db
        .selectFrom('deliveries')
        .select(['webhook_id', 'status', 'last_status_code'])
        .where('event', '=', 'validation.completed')
        .execute()
    let rows: Awaited<ReturnType<typeof succeeded>> = []
    await waitFor(
      () => plain.received.length >= 1 && rotated.received.length >= 1,
      () => 'both receivers',
    )
    // Poll the rows until both deliveries are settled (the attempt is recorded after the answer).
    for (let i = 0; i < 100 && !(rows.length === 2 && rows.every((r) => r.status !== 'pending')); i++) {
      rows = await succeeded()
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(rows.map((row) => [row.webhook_id, row.status, row.last_status_code]).sort()).toEqual(
      [
        [ids.plain, 'succeeded', 200],
        [ids.rotated, 'succeeded', 200],
      ].sort(),
    )
  })
})
