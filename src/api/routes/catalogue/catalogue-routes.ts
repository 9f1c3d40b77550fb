/** Read-only catalogue: policy packs, rules (with docs links) and event types. */
import type { FastifyInstance } from 'fastify'
import type { PolicyPack } from '../../../analysis/packs/policy-pack.js'
import { getPolicyPack, listPolicyPacks } from '../../../analysis/packs/policy-packs.js'
import { RULES } from '../../../analysis/rules/index.js'
import { instanceRuleDocsBaseUrl, ruleDocsUrl } from '../../../analysis/rules/rule-docs.js'
import { AppError } from '../../../domain/errors/app-error.js'
import { EVENT_TYPES } from '../../../domain/events/event-schemas.js'
import { PLATFORMS, type Platform } from '../../../domain/platforms.js'
import { errorResponses, listResponseSchema } from '../../schemas/common-schemas.js'

function packSummary(pack: PolicyPack) {
  return {
    slug: pack.slug,
    name: pack.name,
    description: pack.description,
    platform: pack.platform,
    enforcementMode: pack.enforcementMode,
    passThreshold: pack.passThreshold,
    weights: pack.weights,
    ruleCount: pack.rules.length,
  }
}

function packDetail(pack: PolicyPack) {
  return {
    ...packSummary(pack),
    rules: pack.rules.map(({ rule, severity, options }) => ({
      ruleId: rule.ruleId,
      name: rule.name,
      category: rule.category,
      severity,
      options,
    })),
  }
}

const examplePack = {
  slug: 'uipath-security',
  name: 'UiPath security',
  description: 'Hardcoded values, security and error-handling rules only. Blocking.',
  platform: 'uipath',
  enforcementMode: 'blocking',
  passThreshold: 70,
  weights: { critical: 25, high: 6, medium: 3, low: 1 },
  ruleCount: 12,
}

const packSummarySchema = {
  type: 'object',
  // Every key of a summary is always there (packSummary() sets each one).
  required: Object.keys(examplePack),
  properties: {
    slug: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    platform: { type: 'string', enum: [...PLATFORMS] },
    enforcementMode: { type: 'string' },
    passThreshold: { type: 'integer' },
    weights: { type: 'object', additionalProperties: { type: 'number' } },
    ruleCount: { type: 'integer' },
  },
  examples: [examplePack],
} as const

const ruleSummarySchema = {
  type: 'object',
  required: [
    'ruleId',
    'platform',
    'name',
    'category',
    'severity',
    'description',
    'recommendation',
    'mirrors',
    'docsUrl',
  ],
  properties: {
    ruleId: { type: 'string' },
    platform: { type: 'string', enum: [...PLATFORMS] },
    name: { type: 'string' },
    category: { type: 'string' },
    severity: { type: 'string' },
    description: { type: 'string' },
    recommendation: { type: 'string' },
    mirrors: { type: 'array', items: { type: 'string' } },
    docsUrl: { type: 'string' },
  },
  examples: [
    {
      ruleId: 'FC-UIP-HCD-001',
      platform: 'uipath',
      name: 'hardcoded-credential',
      category: 'hardcoded_value',
      severity: 'critical',
      description: 'A password, secret, token or key is written into the workflow as a constant.',
      recommendation: 'Read secrets from Orchestrator credential assets or a vault at run time.',
      mirrors: [],
      docsUrl: 'https://flowcerta.example.com/docs/rules/FC-UIP-HCD-001',
    },
  ],
} as const

const eventTypeSchema = {
  type: 'object',
  required: ['name', 'description', 'schema', 'example'],
  properties: {
    name: { type: 'string' },
    description: { type: 'string' },
    schema: { type: 'object', additionalProperties: true },
    example: { type: 'object', additionalProperties: true },
  },
  examples: [
    {
      name: 'webhook.test',
      description: 'Sent by POST /api/v1/org-webhooks/{id}/test only.',
      schema: { type: 'object' },
      example: { type: 'webhook.test', data: { message: 'This is a test delivery from Flowcerta.' } },
    },
  ],
} as const

/** `?platform=`: one platform's rules or packs (an unknown platform is a 400 from the schema). */
const platformQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    platform: {
      type: 'string',
      enum: [...PLATFORMS],
      description: 'Only the rules or packs of this platform.',
    },
  },
} as const

interface PlatformQuery {
  Querystring: { platform?: Platform }
}

const ofPlatform =
  (platform: Platform | undefined) =>
  (item: { readonly platform: Platform }): boolean =>
    platform === undefined || item.platform === platform

// The catalogue is small and global: each list is one page ({items, nextCursor: null}).
export async function catalogueRoutes(app: FastifyInstance, deps: { publicUrl: string }): Promise<void> {
  const docsBaseUrl = instanceRuleDocsBaseUrl(deps.publicUrl)
  app.get<PlatformQuery>(
    '/api/v1/policy-packs',
    {
      config: { access: 'member' },
      schema: {
        summary: 'The policy packs a validation can use (`?platform=`: those of one platform).',
        tags: ['catalogue'],
        querystring: platformQuerySchema,
        response: {
          200: listResponseSchema(packSummarySchema),
          ...errorResponses(400, 401, 429),
        },
      },
    },
    async (request) => ({
      items: listPolicyPacks().filter(ofPlatform(request.query.platform)).map(packSummary),
      nextCursor: null,
    }),
  )

  app.get<{ Params: { slug: string } }>(
    '/api/v1/policy-packs/:slug',
    {
      config: { access: 'member' },
      schema: {
        summary: 'One policy pack with its rules, severities and options.',
        tags: ['catalogue'],
        params: { type: 'object', properties: { slug: { type: 'string', maxLength: 100 } } },
        response: {
          200: {
            description: 'The policy pack with its rules.',
            type: 'object',
            required: [...packSummarySchema.required, 'rules'],
            examples: [
              {
                ...examplePack,
                ruleCount: 1,
                rules: [
                  {
                    ruleId: 'FC-UIP-HCD-001',
                    name: 'hardcoded-credential',
                    category: 'hardcoded_value',
                    severity: 'critical',
                    options: {},
                  },
                ],
              },
            ],
            properties: {
              ...packSummarySchema.properties,
              rules: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['ruleId', 'name', 'category', 'severity', 'options'],
                  properties: {
                    ruleId: { type: 'string' },
                    name: { type: 'string' },
                    category: { type: 'string' },
                    severity: { type: 'string' },
                    options: { type: 'object', additionalProperties: true },
                  },
                },
              },
            },
          },
          ...errorResponses(401, 404, 429),
        },
      },
    },
    async (request) => {
      const pack = getPolicyPack(request.params.slug)
      if (pack === undefined)
        throw new AppError('NOT_FOUND', { message: `No policy pack "${request.params.slug}".` })
      return packDetail(pack)
    },
  )

  app.get<PlatformQuery>(
    '/api/v1/rules',
    {
      config: { access: 'member' },
      schema: {
        summary:
          "The rule catalogue with a documentation link per rule (`?platform=`: one platform's rules).",
        tags: ['catalogue'],
        querystring: platformQuerySchema,
        response: {
          200: listResponseSchema(ruleSummarySchema),
          ...errorResponses(400, 401, 429),
        },
      },
    },
    async (request) => ({
      items: RULES.filter(ofPlatform(request.query.platform)).map((rule) => ({
        ruleId: rule.ruleId,
        platform: rule.platform,
        name: rule.name,
        category: rule.category,
        severity: rule.severity,
        description: rule.description,
        recommendation: rule.recommendation,
        mirrors: [...rule.mirrors],
        docsUrl: ruleDocsUrl(rule.ruleId, docsBaseUrl),
      })),
      nextCursor: null,
    }),
  )

  app.get(
    '/api/v1/event-types',
    {
      config: { access: 'member' },
      schema: {
        summary: 'Every event Flowcerta emits, with its JSON Schema and an example envelope.',
        tags: ['catalogue'],
        response: {
          200: listResponseSchema(eventTypeSchema),
          ...errorResponses(401, 429),
        },
      },
    },
    async () => ({ items: EVENT_TYPES, nextCursor: null }),
  )
}
