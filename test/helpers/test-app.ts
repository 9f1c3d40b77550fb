/**
 * A real API app on a real store (either engine) with two orgs, A and B, each with an admin key
 * and a member key. Requests go through Fastify's full pipeline with `app.inject`, and every
 * response is checked against the app's own OpenAPI document (status documented, body matching the
 * documented schema): a mismatch fails the test that made the request.
 */
import { randomBytes } from 'node:crypto'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { AnalysisPool } from '../../src/analysis/analysis-pool.js'
import { buildApp } from '../../src/api/app.js'
import type { AuthFailureLimits } from '../../src/api/plugins/auth-failure-limiter.js'
import type { TrustProxy } from '../../src/config/config.js'
import { ManualClock } from '../../src/domain/clock.js'
import { createLogger, type Logger } from '../../src/logging/create-logger.js'
import { issueApiKey } from '../../src/orgs/create-api-key.js'
import { createOrg } from '../../src/orgs/create-org.js'
import type { StoreEngine } from '../../src/store/store.js'
import type { HostResolver, WebhookUrlPolicy } from '../../src/webhooks/url-policy.js'
import { responseCheckerFor } from './openapi-response-check.js'
import { openTestStore, type TestStore } from './test-stores.js'

/**
 * One analysis thread shared by every test app of a test file's process, as the service runs it
 * (a thread per app would start tsx's loader again for each test). Its threads never hold the
 * process open when idle.
 */
const sharedAnalysisPool = new AnalysisPool(1)

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
  /** The master key this app seals webhook secrets under (random per test app). */
  secretKey: Buffer
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

/**
 * Test receivers listen on loopback over plain http, so test apps accept http for loopback
 * (as FLOWCERTA_WEBHOOK_ALLOW_CIDRS=127.0.0.0/8,::1/128 would); pass a policy to test others.
 */
export const TEST_WEBHOOK_URL_POLICY: WebhookUrlPolicy = Object.freeze({
  allowHttp: false,
  allowCidrs: ['127.0.0.0/8', '::1/128'],
})

/** Name resolution without DNS: `localhost` is loopback, every other name is unknown. */
export const testHostResolver: HostResolver = async (hostname) => {
  if (hostname === 'localhost') return ['127.0.0.1', '::1']
  throw new Error(`test resolver: unknown host ${hostname}`)
}

/**
 * Wraps `app.inject` (promise form, the one tests use) so each response is checked against the
 * OpenAPI document the app serves. The callback and chain forms pass through unchecked.
 */
function checkResponsesAgainstDocument(app: FastifyInstance): void {
  const checker = responseCheckerFor(app.swagger())
  const inject = app.inject.bind(app)
  const checked = async (options: InjectOptions | string): Promise<LightMyRequestResponse> => {
    const response = await inject(options)
    const method = typeof options === 'string' ? 'GET' : (options.method ?? 'GET')
    const url = typeof options === 'string' ? options : String(options.url ?? options.path ?? '/')
    checker.check(String(method), url, response)
    return response
  }
  app.inject = ((options?: InjectOptions | string, callback?: unknown) =>
    options === undefined || callback !== undefined
      ? (inject as (...args: unknown[]) => unknown)(options, callback)
      : checked(options)) as FastifyInstance['inject']
}

export async function openTestApp(
  engine: StoreEngine,
  options: {
    authFailureLimits?: AuthFailureLimits
    bodyLimit?: number
    webhookUrlPolicy?: WebhookUrlPolicy
    resolveHost?: HostResolver
    /** Instead of the shared one-thread pool (e.g. one with a small memory limit). */
    analysisPool?: AnalysisPool
    /** Default: silent. Tests of the log lines pass a logger writing to a capture stream. */
    logger?: Logger
    /** FLOWCERTA_PUBLIC_URL of the app (default http://127.0.0.1:8080). */
    publicUrl?: string
    trustProxy?: TrustProxy
    /** FLOWCERTA_SESSION_HOURS of the app (default 12). */
    sessionHours?: number
    /** The built dashboard folder (default: none, so pages answer 503). */
    webDir?: string
  } = {},
): Promise<TestApp> {
  const testStore = await openTestStore(engine)
  const clock = new ManualClock(Date.parse('2026-05-15T18:00:00.000Z'))
  const orgA = await makeOrg(testStore, 'org-a', clock.now())
  const orgB = await makeOrg(testStore, 'org-b', clock.now())
  const secretKey = randomBytes(32)
  const app = await buildApp({
    analysisPool: sharedAnalysisPool,
    store: testStore.store,
    logger: createLogger('silent'),
    publicUrl: 'http://127.0.0.1:8080',
    clock,
    secretKey,
    webhookUrlPolicy: TEST_WEBHOOK_URL_POLICY,
    resolveHost: testHostResolver,
    ...options,
  })
  checkResponsesAgainstDocument(app)
  return {
    app,
    testStore,
    clock,
    secretKey,
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
