/** GET|PATCH /api/v1/org-settings: score-threshold alert, exception warning window, default pack. */
import type { FastifyInstance } from 'fastify'
import { getPolicyPack } from '../../../analysis/packs/policy-packs.js'
import type { Clock } from '../../../domain/clock.js'
import { AppError } from '../../../domain/errors/app-error.js'
import { appendAuditEntry } from '../../../store/audit-log.js'
import { getOrgSettings, type OrgSettings, saveOrgSettings } from '../../../store/org-settings.js'
import type { Store } from '../../../store/store.js'
import { requireAuth } from '../../plugins/auth.js'
import { EXAMPLE_TIME, errorResponses } from '../../schemas/common-schemas.js'

const settingsSchema = {
  description: "The org's settings.",
  type: 'object',
  required: ['scoreThreshold', 'exceptionWarningDays', 'defaultPolicyPack', 'updatedAt'],
  properties: {
    scoreThreshold: {
      type: ['integer', 'null'],
      description: 'Scores under this fire validation.below_threshold.',
    },
    exceptionWarningDays: { type: 'integer' },
    defaultPolicyPack: { type: 'string' },
    updatedAt: { type: ['string', 'null'], format: 'date-time' },
  },
  examples: [
    {
      scoreThreshold: 80,
      exceptionWarningDays: 14,
      defaultPolicyPack: 'uipath-general',
      updatedAt: EXAMPLE_TIME,
    },
  ],
} as const

type SettingsPatch = Partial<Omit<OrgSettings, 'updatedAt'>>

function toBody(settings: OrgSettings) {
  return {
    scoreThreshold: settings.scoreThreshold,
    exceptionWarningDays: settings.exceptionWarningDays,
    defaultPolicyPack: settings.defaultPolicyPack,
    updatedAt: settings.updatedAt === null ? null : new Date(settings.updatedAt).toISOString(),
  }
}

export async function orgSettingsRoutes(
  app: FastifyInstance,
  deps: { store: Store; clock: Clock },
): Promise<void> {
  app.get(
    '/api/v1/org-settings',
    {
      config: { access: 'member' },
      schema: {
        summary: "Your org's settings.",
        tags: ['org'],
        response: { 200: settingsSchema, ...errorResponses(401, 429) },
      },
    },
    async (request) => toBody(await getOrgSettings(deps.store.db, requireAuth(request).orgId)),
  )

  app.patch<{ Body: SettingsPatch }>(
    '/api/v1/org-settings',
    {
      config: { access: 'admin' },
      schema: {
        summary: "Change your org's settings (admin). Only the fields sent change.",
        tags: ['org'],
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            scoreThreshold: { type: ['integer', 'null'], minimum: 0, maximum: 100 },
            exceptionWarningDays: { type: 'integer', minimum: 1, maximum: 90 },
            defaultPolicyPack: { type: 'string', minLength: 1, maxLength: 100 },
          },
        },
        response: { 200: settingsSchema, ...errorResponses(400, 401, 403, 422, 429) },
      },
    },
    async (request) => {
      const auth = requireAuth(request)
      const patch = request.body
      if (patch.defaultPolicyPack !== undefined && getPolicyPack(patch.defaultPolicyPack) === undefined) {
        throw new AppError('UNKNOWN_POLICY_PACK', {
          message: `No policy pack "${patch.defaultPolicyPack}" (see GET /api/v1/policy-packs).`,
          details: [
            {
              field: 'body.defaultPolicyPack',
              reason: 'is not a policy pack',
              value: patch.defaultPolicyPack,
            },
          ],
        })
      }
      const now = deps.clock.now()
      const saved = await deps.store.transaction(async (trx) => {
        const current = await getOrgSettings(trx, auth.orgId)
        const next = {
          scoreThreshold: patch.scoreThreshold !== undefined ? patch.scoreThreshold : current.scoreThreshold,
          exceptionWarningDays: patch.exceptionWarningDays ?? current.exceptionWarningDays,
          defaultPolicyPack: patch.defaultPolicyPack ?? current.defaultPolicyPack,
        }
        const changes: Record<string, { from: unknown; to: unknown }> = {}
        for (const key of Object.keys(next) as (keyof typeof next)[]) {
          if (current[key] !== next[key]) changes[key] = { from: current[key], to: next[key] }
        }
        const result = await saveOrgSettings(trx, auth.orgId, next, now)
        await appendAuditEntry(trx, {
          orgId: auth.orgId,
          actorEmail: auth.email,
          action: 'org_settings.updated',
          targetType: 'org_settings',
          targetId: auth.orgId,
          changes,
          at: now,
        })
        return result
      })
      return toBody(saved)
    },
  )
}
