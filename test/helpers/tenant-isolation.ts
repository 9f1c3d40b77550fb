/**
 * The tenant-isolation table: every route that takes an id, called with org B's admin key on
 * org A's resources, must answer 404 (never 200, 403 or 409, which would leak that the id exists).
 * Every issue that adds a route with an id adds a case here; test/api/tenant-isolation.test.ts
 * fails when a route with a path parameter has no case.
 */
import { buildEnvelope } from '../../src/domain/events/event-envelope.js'
import { buildTestZip } from '../../src/input/archive/test-zip-writer.js'
import { recordEvent } from '../../src/store/events.js'
import type { TestApp } from './test-app.js'

/**
 * A risk exception requested in org A (by its member), for the exception routes' cases;
 * approved, and with a renewal pending, when asked.
 */
export async function orgAException(t: TestApp, approve = false, renew = false): Promise<string> {
  const created = await t.request(t.orgA.memberKey, {
    method: 'POST',
    url: '/api/v1/exceptions',
    payload: {
      ruleId: 'FC-UIP-ERR-001',
      fileName: 'Isolation.xaml',
      reason: 'isolation case',
      expiresAt: new Date(t.clock.now() + 30 * 24 * 60 * 60 * 1000).toISOString(),
    },
  })
  if (created.statusCode !== 201) throw new Error(`arrange failed: ${created.body}`)
  const id = (created.json() as { id: string }).id
  if (approve) {
    const approved = await t.request(t.orgA.adminKey, {
      method: 'POST',
      url: `/api/v1/exceptions/${id}/approve`,
    })
    if (approved.statusCode !== 200) throw new Error(`arrange failed: ${approved.body}`)
  }
  if (renew) {
    const renewed = await t.request(t.orgA.memberKey, {
      method: 'POST',
      url: `/api/v1/exceptions/${id}/renew`,
      payload: { expiresAt: renewalExpiry(t), reason: 'isolation case' },
    })
    if (renewed.statusCode !== 200) throw new Error(`arrange failed: ${renewed.body}`)
  }
  return id
}

const renewalExpiry = (t: TestApp) => new Date(t.clock.now() + 60 * 24 * 60 * 60 * 1000).toISOString()

/** A webhook of org A (subscribed to every event), for the webhook routes' cases. */
export async function orgAWebhook(t: TestApp): Promise<string> {
  const created = await t.request(t.orgA.adminKey, {
    method: 'POST',
    url: '/api/v1/org-webhooks',
    payload: { url: 'https://receiver.example.com/hook', events: ['*'] },
  })
  if (created.statusCode !== 201) throw new Error(`arrange failed: ${created.body}`)
  return (created.json() as { id: string }).id
}

/** A delivery of org A (an event fanned out to a fresh webhook), for the delivery routes' cases. */
export async function orgADelivery(t: TestApp): Promise<string> {
  await orgAWebhook(t)
  const recorded = await t.testStore.store.transaction((trx) =>
    recordEvent(
      trx,
      t.testStore.store.capabilities,
      buildEnvelope('validation.completed', t.orgA.orgId, t.clock.now(), { isolation: true }),
    ),
  )
  const id = recorded.deliveryIds.at(-1)
  if (id === undefined) throw new Error('arrange failed: the event fanned out to no webhook')
  return id
}

export interface IsolationCase {
  /** The route pattern as Fastify registers it, e.g. 'DELETE /api/v1/api-keys/:id'. */
  route: string
  /** Makes (or picks) a resource in org A and returns the concrete request. */
  arrange(
    t: TestApp,
  ): Promise<{ method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'; url: string; payload?: object }>
}

export const ISOLATION_CASES: IsolationCase[] = [
  {
    route: 'DELETE /api/v1/api-keys/:id',
    arrange: async (t) => ({ method: 'DELETE', url: `/api/v1/api-keys/${t.orgA.memberKeyId}` }),
  },
  {
    route: 'GET /api/v1/exceptions/:id',
    arrange: async (t) => ({ method: 'GET', url: `/api/v1/exceptions/${await orgAException(t)}` }),
  },
  {
    route: 'POST /api/v1/exceptions/:id/approve',
    arrange: async (t) => ({
      method: 'POST',
      url: `/api/v1/exceptions/${await orgAException(t)}/approve`,
      payload: {},
    }),
  },
  {
    route: 'POST /api/v1/exceptions/:id/reject',
    arrange: async (t) => ({
      method: 'POST',
      url: `/api/v1/exceptions/${await orgAException(t)}/reject`,
      payload: { reason: 'not yours' },
    }),
  },
  {
    route: 'POST /api/v1/exceptions/:id/revoke',
    arrange: async (t) => ({
      method: 'POST',
      url: `/api/v1/exceptions/${await orgAException(t, true)}/revoke`,
      payload: {},
    }),
  },
  {
    route: 'POST /api/v1/exceptions/:id/renew',
    arrange: async (t) => ({
      method: 'POST',
      url: `/api/v1/exceptions/${await orgAException(t, true)}/renew`,
      payload: { expiresAt: renewalExpiry(t), reason: 'not yours' },
    }),
  },
  {
    route: 'POST /api/v1/exceptions/:id/renewal/approve',
    arrange: async (t) => ({
      method: 'POST',
      url: `/api/v1/exceptions/${await orgAException(t, true, true)}/renewal/approve`,
      payload: {},
    }),
  },
  {
    route: 'POST /api/v1/exceptions/:id/renewal/reject',
    arrange: async (t) => ({
      method: 'POST',
      url: `/api/v1/exceptions/${await orgAException(t, true, true)}/renewal/reject`,
      payload: { reason: 'not yours' },
    }),
  },
  {
    route: 'GET /api/v1/org-webhooks/:id',
    arrange: async (t) => ({ method: 'GET', url: `/api/v1/org-webhooks/${await orgAWebhook(t)}` }),
  },
  {
    route: 'PATCH /api/v1/org-webhooks/:id',
    arrange: async (t) => ({
      method: 'PATCH',
      url: `/api/v1/org-webhooks/${await orgAWebhook(t)}`,
      payload: { enabled: false },
    }),
  },
  {
    route: 'DELETE /api/v1/org-webhooks/:id',
    arrange: async (t) => ({ method: 'DELETE', url: `/api/v1/org-webhooks/${await orgAWebhook(t)}` }),
  },
  {
    route: 'POST /api/v1/org-webhooks/:id/rotate-secret',
    arrange: async (t) => ({
      method: 'POST',
      url: `/api/v1/org-webhooks/${await orgAWebhook(t)}/rotate-secret`,
      payload: {},
    }),
  },
  {
    route: 'POST /api/v1/org-webhooks/:id/test',
    arrange: async (t) => ({ method: 'POST', url: `/api/v1/org-webhooks/${await orgAWebhook(t)}/test` }),
  },
  {
    route: 'GET /api/v1/org-webhooks/:id/deliveries',
    arrange: async (t) => ({ method: 'GET', url: `/api/v1/org-webhooks/${await orgAWebhook(t)}/deliveries` }),
  },
  {
    route: 'POST /api/v1/org-webhooks/:id/recover',
    arrange: async (t) => ({
      method: 'POST',
      url: `/api/v1/org-webhooks/${await orgAWebhook(t)}/recover`,
      payload: { since: new Date(t.clock.now() - 86_400_000).toISOString() },
    }),
  },
  {
    route: 'GET /api/v1/deliveries/:id',
    arrange: async (t) => ({ method: 'GET', url: `/api/v1/deliveries/${await orgADelivery(t)}` }),
  },
  {
    route: 'POST /api/v1/deliveries/:id/redeliver',
    arrange: async (t) => ({ method: 'POST', url: `/api/v1/deliveries/${await orgADelivery(t)}/redeliver` }),
  },
  {
    route: 'GET /api/v1/results/:id',
    arrange: async (t) => ({ method: 'GET', url: `/api/v1/results/${await orgAValidation(t)}` }),
  },
  {
    route: 'GET /api/v1/projects/:name/history',
    arrange: async (t) => ({
      method: 'GET',
      url: `/api/v1/projects/${encodeURIComponent(await orgAProject(t))}/history`,
    }),
  },
]

/** A project of org A (a zipped project with a project.json name), for the history route's case. */
export async function orgAProject(t: TestApp): Promise<string> {
  return validateProject(t, t.orgA.memberKey)
}

/** Validates the project named 'Isolation Project' with `key` (of either org); its name. */
export async function validateProject(t: TestApp, key: string): Promise<string> {
  const zip = buildTestZip([
    { name: 'project.json', data: JSON.stringify({ name: 'Isolation Project', main: 'Main.xaml' }) },
    {
      name: 'Main.xaml',
      data: '<Activity xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities"><Sequence /></Activity>',
    },
  ])
  const created = await t.request(key, {
    method: 'POST',
    url: '/api/v1/validations',
    payload: { fileName: 'Isolation.zip', contentBase64: zip.toString('base64') },
  })
  if (created.statusCode !== 201) throw new Error(`arrange failed: ${created.body}`)
  return (created.json() as { projectName: string }).projectName
}

/** A stored validation of org A, for the results route's case. */
export async function orgAValidation(t: TestApp): Promise<string> {
  const created = await t.request(t.orgA.memberKey, {
    method: 'POST',
    url: '/api/v1/validations',
    payload: {
      fileName: 'Isolation.xaml',
      content:
        '<Activity xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities"><Sequence /></Activity>',
    },
  })
  if (created.statusCode !== 201) throw new Error(`arrange failed: ${created.body}`)
  return (created.json() as { validationId: string }).validationId
}

/**
 * Routes whose path parameter names GLOBAL data (the same for every org, e.g. built-in policy
 * packs), so there is no "org A's resource" to hide from org B. Listed here explicitly instead of
 * getting a case: the isolation test requires every parameterised route to be in one of the two
 * lists, and checks that org A and org B get the same 200 answer for `url`.
 */
export interface GlobalRoute {
  route: string
  /** A concrete request that must answer 200, identically for both orgs. */
  url: string
  /** Why this data belongs to no org. */
  reason: string
}

export const GLOBAL_ROUTES: GlobalRoute[] = [
  {
    route: 'GET /api/v1/policy-packs/:slug',
    url: '/api/v1/policy-packs/uipath-reframework-baseline',
    reason: 'built-in policy packs ship with Flowcerta and are the same for every org',
  },
]
