/** GET /api/v1/me: who the key belongs to. */
import type { FastifyInstance } from 'fastify'
import { getOrg } from '../../../store/orgs.js'
import type { Store } from '../../../store/store.js'
import { type AuthContext, requireAuth } from '../../plugins/auth.js'
import { EXAMPLE_IDS, errorResponses } from '../../schemas/common-schemas.js'

export const meSchema = {
  description: 'Who the key belongs to.',
  type: 'object',
  required: ['orgId', 'orgName', 'userId', 'email', 'role', 'keyId'],
  properties: {
    orgId: { type: 'string' },
    orgName: { type: 'string' },
    userId: { type: 'string' },
    email: { type: 'string' },
    role: { type: 'string', enum: ['admin', 'member'] },
    keyId: { type: 'string' },
  },
  examples: [
    {
      orgId: EXAMPLE_IDS.org,
      orgName: 'Acme Automation',
      userId: EXAMPLE_IDS.user,
      email: 'ci@example.com',
      role: 'member',
      keyId: EXAMPLE_IDS.apiKey,
    },
  ],
} as const

export async function meRoutes(app: FastifyInstance, deps: { store: Store }): Promise<void> {
  app.get(
    '/api/v1/me',
    {
      config: { access: 'member' },
      schema: {
        summary: 'The org, user and role of the calling API key.',
        tags: ['auth'],
        response: { 200: meSchema, ...errorResponses(401, 429) },
      },
    },
    async (request) => meBody(deps.store, requireAuth(request)),
  )
}

/** The body of GET /api/v1/me for this caller (also inside the session bodies). */
export async function meBody(store: Store, auth: AuthContext) {
  const org = await getOrg(store.db, auth.orgId)
  return {
    orgId: auth.orgId,
    orgName: org?.name ?? '',
    userId: auth.userId,
    email: auth.email,
    role: auth.role,
    keyId: auth.keyId,
  }
}
