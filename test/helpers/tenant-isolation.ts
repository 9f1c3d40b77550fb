/**
 * The tenant-isolation table: every route that takes an id, called with org B's admin key on
 * org A's resources, must answer 404 (never 200, 403 or 409, which would leak that the id exists).
 * Every issue that adds a route with an id adds a case here; test/api/tenant-isolation.test.ts
 * fails when a route with a path parameter has no case.
 */
import type { TestApp } from './test-app.js'

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
]
