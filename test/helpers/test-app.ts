/**
 * A real API app on a real store (either engine) with two orgs, A and B, each with an admin key
 * and a member key. Requests go through Fastify's full pipeline with `app.inject`.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../../src/api/app.js'
import type { AuthFailureLimits } from '../../src/api/plugins/auth-failure-limiter.js'
import { ManualClock } from '../../src/domain/clock.js'
import { createLogger } from '../../src/logging/create-logger.js'
import { issueApiKey } from '../../src/orgs/create-api-key.js'
import { createOrg } from '../../src/orgs/create-org.js'
import type { StoreEngine } from '../../src/store/store.js'
import { openTestStore, type TestStore } from './test-stores.js'

export interface TestOrg {
  orgId: string
  adminKey: string
  adminKeyId: string
  memberKey: string
  memberKeyId: string
}

export interface TestApp {
  app: FastifyInstance
  testStore: TestStore
  clock: ManualClock
  orgA: TestOrg
  orgB: TestOrg
  /** `app.inject` with `Authorization: Bearer <key>` when a key is given. */
  request(key: string | null, options: InjectOptions): Promise<LightMyRequestResponse>
  close(): Promise<void>
}

async function makeOrg(testStore: TestStore, name: string, at: number): Promise<TestOrg> {
  const created = await createOrg(testStore.store, { name, adminEmail: `admin@${name}.test`, at })
  const member = await issueApiKey(testStore.store.db, {
    orgId: created.orgId,
    email: `member@${name}.test`,
    role: 'member',
    name: 'member key',
    at,
  })
  return {
    orgId: created.orgId,
    adminKey: created.adminKey.apiKey,
    adminKeyId: created.adminKey.id,
    memberKey: member.apiKey,
    memberKeyId: member.id,
  }
}

export async function openTestApp(
  engine: StoreEngine,
  options: { authFailureLimits?: AuthFailureLimits; bodyLimit?: number } = {},
): Promise<TestApp> {
  const testStore = await openTestStore(engine)
  const clock = new ManualClock(Date.parse('2026-05-15T18:00:00.000Z'))
  const orgA = await makeOrg(testStore, 'org-a', clock.now())
  const orgB = await makeOrg(testStore, 'org-b', clock.now())
  const app = await buildApp({
    store: testStore.store,
    logger: createLogger('silent'),
    publicUrl: 'http://127.0.0.1:8080',
    clock,
    ...options,
  })
  return {
    app,
    testStore,
    clock,
    orgA,
    orgB,
    request: (key, requestOptions) =>
      app.inject({
        ...requestOptions,
        headers: { ...(key === null ? {} : { authorization: `Bearer ${key}` }), ...requestOptions.headers },
      }),
    close: async () => {
      await app.close()
      await testStore.cleanup()
    },
  }
}
