/**
 * rotateMasterKey's guards against what the CLI test cannot stage, on both engines: a process
 * still running with the old key seals a secret during the rotation (the final check reports it,
 * and a second run re-seals it), and a database half-rotated by an interrupted run is finished by
 * the next one — while a wrong old key on that half-rotated database is still refused unchanged.
 */
import { randomBytes } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOrg } from '../../src/orgs/create-org.js'
import type { Store } from '../../src/store/store.js'
import { insertWebhook, resealSecrets } from '../../src/store/webhooks.js'
import { MasterKeyRotationError, rotateMasterKey } from '../../src/webhooks/rotate-master-key.js'
import { decryptSecret, encryptSecret } from '../../src/webhooks/secret-box.js'
import { generateWebhookSecret, webhookSecretPreview } from '../../src/webhooks/webhook-secret.js'
import { openTestStore, type TestStore, testEngines } from '../helpers/test-stores.js'

describe.each(testEngines())('rotateMasterKey on %s', (engine) => {
  let t: TestStore
  let orgId: string
  const oldKey = randomBytes(32)
  const newKey = randomBytes(32)
  const secrets = new Map<string, string>()

  /** A webhook sealed under `key`; its id is given so that its place in id order is known. */
  const addWebhook = async (id: string, key: Buffer) => {
    const secret = generateWebhookSecret()
    secrets.set(id, secret)
    await insertWebhook(t.store.db, {
      id,
      orgId,
      url: 'https://hooks.example.com/x',
      target: 'generic',
      events: ['*'],
      description: null,
      enabled: true,
      secretEncrypted: encryptSecret(key, secret, id),
      secretPreview: webhookSecretPreview(secret),
      at: Date.now(),
    })
  }
  const id = (n: number) => `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`
  const sealedRows = () =>
    t.store.db.selectFrom('webhooks').select(['id', 'secret_encrypted']).orderBy('id').execute()

  beforeEach(async () => {
    t = await openTestStore(engine)
    orgId = (await createOrg(t.store, { name: 'o', adminEmail: 'a@o.test', at: Date.now() })).orgId
    for (const n of [2, 3, 4, 5]) await addWebhook(id(n), oldKey)
  })
  afterEach(() => t.cleanup())

  it('reports a secret sealed under the old key while it ran; a second run re-seals it', async () => {
    // The store as a running API process would share it: after the first batch commits, a webhook
    // is created under the old key with an id the rotation has already passed.
    let batches = 0
    const racing: Store = Object.create(t.store, {
      transaction: {
        value: async <T>(fn: Parameters<Store['transaction']>[0]) => {
          const result = (await t.store.transaction(fn)) as T
          if (++batches === 1) await addWebhook(id(1), oldKey)
          return result
        },
      },
    })
    const failure = await rotateMasterKey(racing, { oldKey, newKey, batchSize: 2 }).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(MasterKeyRotationError)
    expect(failure).toMatchObject({ code: 'SEALED_UNDER_OLD_KEY_DURING_ROTATION', webhookId: id(1) })

    const again = await rotateMasterKey(t.store, { oldKey, newKey, batchSize: 2 })
    expect(again).toEqual({ webhooks: 5, resealed: 1, alreadyUnderNewKey: 4, dryRun: false })
    for (const row of await sealedRows()) {
      expect(decryptSecret(newKey, row.secret_encrypted, row.id)).toBe(secrets.get(row.id))
    }
  })

  it('finishes a half-rotated database, and still refuses a wrong old key on it with nothing changed', async () => {
    // An interrupted run: the first two webhooks are already under the new key.
    for (const n of [2, 3]) {
      const [row] = await t.store.db
        .selectFrom('webhooks')
        .select(['id', 'secret_encrypted', 'previous_secret_encrypted'])
        .where('id', '=', id(n))
        .execute()
      const expected = {
        id: row!.id,
        secretEncrypted: row!.secret_encrypted,
        previousSecretEncrypted: row!.previous_secret_encrypted,
      }
      const next = {
        secretEncrypted: encryptSecret(newKey, secrets.get(id(n))!, id(n)),
        previousSecretEncrypted: null,
      }
      expect(await resealSecrets(t.store.db, expected, next)).toBe(true)
    }
    const before = await sealedRows()
    const wrong = await rotateMasterKey(t.store, { oldKey: randomBytes(32), newKey }).catch((e: unknown) => e)
    expect(wrong).toMatchObject({ code: 'WRONG_OLD_MASTER_KEY', webhookId: id(4) })
    expect(await sealedRows()).toEqual(before)

    const finished = await rotateMasterKey(t.store, { oldKey, newKey })
    expect(finished).toEqual({ webhooks: 4, resealed: 2, alreadyUnderNewKey: 2, dryRun: false })
    for (const row of await sealedRows()) {
      expect(decryptSecret(newKey, row.secret_encrypted, row.id)).toBe(secrets.get(row.id))
    }
  })
})
