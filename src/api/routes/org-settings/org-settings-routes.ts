/**
 * GET|PATCH /api/v1/org-settings: score-threshold alert, exception warning window, default pack
 * per platform (`defaultPolicyPacks`; `defaultPolicyPack` is the UiPath one, as before platforms).
 */
import type { FastifyInstance } from 'fastify'
import { getPolicyPack } from '../../../analysis/packs/policy-packs.js'
import type { Clock } from '../../../domain/clock.js'
import { AppError } from '../../../domain/errors/app-error.js'
import { PLATFORMS, type Platform } from '../../../domain/platforms.js'
import { appendAuditEntry } from '../../../store/audit-log.js'
import { getOrgSettings, type OrgSettings, saveOrgSettings } from '../../../store/org-settings.js'
import type { Store } from '../../../store/store.js'
import { requireAuth } from '../../plugins/auth.js'
import { EXAMPLE_TIME, errorResponses } from '../../schemas/common-schemas.js'

const settingsSchema = {
  description: "The org's settings.",
  type: 'object',
  required: [
    'scoreThreshold',
    'exceptionWarningDays',
    'defaultPolicyPack',
    'defaultPolicyPacks',
    'updatedAt',
  ],
  properties: {
    scoreThreshold: {
      type: ['integer', 'null'],
      description: 'Scores under this fire validation.below_threshold.',
    },
    exceptionWarningDays: { type: 'integer' },
    defaultPolicyPack: {
      type: 'string',
      description: 'The UiPath default pack (= defaultPolicyPacks.uipath).',
    },
    defaultPolicyPacks: {
      type: 'object',
      description: 'The pack a submission of each platform gets when it names none.',
      required: [...PLATFORMS],
      properties: Object.fromEntries(PLATFORMS.map((platform) => [platform, { type: 'string' }])),
    },
    updatedAt: { type: ['string', 'null'], format: 'date-time' },
  },
  examples: [
    {
      scoreThreshold: 80,
      exceptionWarningDays: 14,
      defaultPolicyPack: 'uipath-general',
      defaultPolicyPacks: {
        uipath: 'uipath-general',
        'power-automate': 'power-automate-general',
        'blue-prism': 'blue-prism-general',
      },
      updatedAt: EXAMPLE_TIME,
    },
  ],
} as const

type SettingsPatch = Partial<Omit<OrgSettings, 'updatedAt' | 'defaultPolicyPacks'>> & {
  defaultPolicyPacks?: Partial<Record<Platform, string>>
}

/** Refuses a default pack that does not exist or is of another platform than the one it is for. */
function checkDefaultPack(platform: Platform, slug: string, field: string): void {
  const pack = getPolicyPack(slug)
  if (pack === undefined) {
    throw new AppError('UNKNOWN_POLICY_PACK', {
      message: `No policy pack "${slug}" (see GET /api/v1/policy-packs).`,
      details: [{ field, reason: 'is not a policy pack', value: slug }],
    })
  }
  if (pack.platform !== platform) {
    throw new AppError('POLICY_PACK_PLATFORM_MISMATCH', {
      message: `The policy pack "${slug}" is for ${pack.platform}, not ${platform}.`,
      details: [
        { field, reason: `is a ${pack.platform} pack`, value: slug, packPlatform: pack.platform, platform },
      ],
    })
  }
}

function toBody(settings: OrgSettings) {
  return {
    scoreThreshold: settings.scoreThreshold,
    exceptionWarningDays: settings.exceptionWarningDays,
    defaultPolicyPack: settings.defaultPolicyPack,
    defaultPolicyPacks: { ...settings.defaultPolicyPacks },
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
            defaultPolicyPack: {
              type: 'string',
              minLength: 1,
              maxLength: 100,
              description: 'The UiPath default pack (same as defaultPolicyPacks.uipath).',
            },
            defaultPolicyPacks: {
              type: 'object',
              additionalProperties: false,
              minProperties: 1,
              description:
                'Default packs by platform; only the platforms sent change. Each must be a pack of that platform.',
              properties: Object.fromEntries(
                PLATFORMS.map((platform) => [platform, { type: 'string', minLength: 1, maxLength: 100 }]),
              ),
            },
          },
        },
        response: { 200: settingsSchema, ...errorResponses(400, 401, 403, 422, 429) },
      },
    },
    async (request) => {
      const auth = requireAuth(request)
      const patch = request.body
      if (patch.defaultPolicyPack !== undefined) {
        checkDefaultPack('uipath', patch.defaultPolicyPack, 'body.defaultPolicyPack')
      }
      for (const [platform, slug] of Object.entries(patch.defaultPolicyPacks ?? {}) as [Platform, string][]) {
        checkDefaultPack(platform, slug, `body.defaultPolicyPacks.${platform}`)
      }
      if (
        patch.defaultPolicyPack !== undefined &&
        patch.defaultPolicyPacks?.uipath !== undefined &&
        patch.defaultPolicyPack !== patch.defaultPolicyPacks.uipath
      ) {
        throw new AppError('VALIDATION_FAILED', {
          message:
            'defaultPolicyPack and defaultPolicyPacks.uipath name the same setting; send one, or the same value.',
          details: [
            { field: 'body.defaultPolicyPack', reason: 'differs from body.defaultPolicyPacks.uipath' },
          ],
        })
      }
      const now = deps.clock.now()
      const saved = await deps.store.transaction(async (trx) => {
        const current = await getOrgSettings(trx, auth.orgId)
        const defaultPolicyPack =
          patch.defaultPolicyPack ?? patch.defaultPolicyPacks?.uipath ?? current.defaultPolicyPack
        const next = {
          scoreThreshold: patch.scoreThreshold !== undefined ? patch.scoreThreshold : current.scoreThreshold,
          exceptionWarningDays: patch.exceptionWarningDays ?? current.exceptionWarningDays,
          defaultPolicyPack,
          defaultPolicyPacks: {
            ...current.defaultPolicyPacks,
            ...patch.defaultPolicyPacks,
            uipath: defaultPolicyPack,
          },
        }
        const changes: Record<string, { from: unknown; to: unknown }> = {}
        for (const key of ['scoreThreshold', 'exceptionWarningDays', 'defaultPolicyPack'] as const) {
          if (current[key] !== next[key]) changes[key] = { from: current[key], to: next[key] }
        }
        // The UiPath default is audited once, as defaultPolicyPack (its name before platforms).
        for (const platform of PLATFORMS.filter((p) => p !== 'uipath')) {
          const from = current.defaultPolicyPacks[platform]
          const to = next.defaultPolicyPacks[platform]
          if (from !== to) changes[`defaultPolicyPacks.${platform}`] = { from, to }
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
