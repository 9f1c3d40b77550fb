/**
 * GET /api/v1/overview?days=30: the org at a glance, for the dashboard's first page — score and
 * pass rate per UTC day, the rules that fail most, the projects scoring lowest, approved exceptions
 * expiring within the org's warning days, and (admins only: webhook URLs can be credentials) the
 * webhooks that are failing or disabled. Every part is one indexed query (store/overview.ts,
 * store/rule-failures.ts), so it answers in milliseconds at 10,000 results (bench/README.md).
 */
import type { FastifyInstance } from 'fastify'
import type { Clock } from '../../../domain/clock.js'
import { getOrgSettings } from '../../../store/org-settings.js'
import {
  dailyValidationStats,
  expiringExceptions,
  lowestScoringProjects,
  troubledWebhooks,
} from '../../../store/overview.js'
import { DAY_MS, epochDay, topFailingRules } from '../../../store/rule-failures.js'
import type { Store } from '../../../store/store.js'
import { requireAuth } from '../../plugins/auth.js'
import { EXAMPLE_IDS, EXAMPLE_TIME, errorResponses } from '../../schemas/common-schemas.js'

export const OVERVIEW_MAX_DAYS = 365
/** Items in each "top" list. */
const TOP = 10
const EXPIRING_LIMIT = 50

const isoTime = { type: 'string', format: 'date-time' } as const
const iso = (ms: number) => new Date(ms).toISOString()
const isoDay = (day: number) => iso(day * DAY_MS).slice(0, 10)

const overviewSchema = {
  description: 'The org at a glance over the last `days` UTC days (today included).',
  type: 'object',
  required: [
    'days',
    'since',
    'until',
    'totals',
    'daily',
    'topFailingRules',
    'lowestScoringProjects',
    'expiringExceptions',
    'troubledWebhooks',
  ],
  properties: {
    days: { type: 'integer' },
    since: { ...isoTime, description: 'Start of the first UTC day of the window.' },
    until: { ...isoTime, description: 'Now.' },
    totals: {
      type: 'object',
      required: ['validations', 'passed', 'passRate', 'meanScore'],
      properties: {
        validations: { type: 'integer' },
        passed: { type: 'integer' },
        passRate: {
          type: ['number', 'null'],
          description: 'passed ÷ validations; null without validations.',
        },
        meanScore: { type: ['number', 'null'] },
      },
    },
    daily: {
      type: 'array',
      description: 'One entry per UTC day of the window, oldest first (days without validations too).',
      items: {
        type: 'object',
        required: ['day', 'validations', 'passed', 'meanScore'],
        properties: {
          day: { type: 'string', format: 'date', description: 'The UTC day, YYYY-MM-DD.' },
          validations: { type: 'integer' },
          passed: { type: 'integer' },
          meanScore: { type: ['number', 'null'], description: 'Null on a day without validations.' },
        },
      },
    },
    topFailingRules: {
      type: 'array',
      description: `The ${TOP} rules with unwaived findings in the most validations of the window.`,
      items: {
        type: 'object',
        required: ['ruleId', 'validations', 'findings'],
        properties: {
          ruleId: { type: 'string' },
          validations: {
            type: 'integer',
            description: 'Validations with at least one unwaived finding of it.',
          },
          findings: { type: 'integer', description: 'Its unwaived findings.' },
        },
      },
    },
    lowestScoringProjects: {
      type: 'array',
      description: `The ${TOP} projects whose latest validation (of any time) scores lowest.`,
      items: {
        type: 'object',
        required: ['name', 'latestValidationId', 'score', 'passed', 'validatedAt', 'validations'],
        properties: {
          name: { type: 'string' },
          latestValidationId: { type: 'string', format: 'uuid' },
          score: { type: 'integer' },
          passed: { type: 'boolean' },
          validatedAt: isoTime,
          validations: { type: 'integer' },
        },
      },
    },
    expiringExceptions: {
      type: 'array',
      description: `Approved exceptions expiring within the org's exceptionWarningDays, soonest first (at most ${EXPIRING_LIMIT}).`,
      items: {
        type: 'object',
        required: ['id', 'ruleId', 'fileName', 'location', 'expiresAt', 'renewalPending'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          ruleId: { type: 'string' },
          fileName: { type: 'string' },
          location: { type: ['string', 'null'] },
          expiresAt: isoTime,
          renewalPending: { type: 'boolean' },
        },
      },
    },
    troubledWebhooks: {
      type: ['array', 'null'],
      description:
        'Webhooks that are disabled or failing (no success since a failure); null for members, as webhooks are admin data.',
      items: {
        type: 'object',
        required: ['id', 'url', 'target', 'enabled', 'disabledReason', 'failingSince', 'lastSuccessAt'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          url: { type: 'string' },
          target: { type: 'string' },
          enabled: { type: 'boolean' },
          disabledReason: { type: ['string', 'null'] },
          failingSince: { type: ['string', 'null'], format: 'date-time' },
          lastSuccessAt: { type: ['string', 'null'], format: 'date-time' },
        },
      },
    },
  },
  examples: [
    {
      days: 2,
      since: '2026-05-14T00:00:00.000Z',
      until: EXAMPLE_TIME,
      totals: { validations: 3, passed: 2, passRate: 0.6667, meanScore: 81 },
      daily: [
        { day: '2026-05-14', validations: 0, passed: 0, meanScore: null },
        { day: '2026-05-15', validations: 3, passed: 2, meanScore: 81 },
      ],
      topFailingRules: [{ ruleId: 'FC-UIP-ERR-001', validations: 2, findings: 5 }],
      lowestScoringProjects: [
        {
          name: 'Invoice Processing',
          latestValidationId: EXAMPLE_IDS.validation,
          score: 62,
          passed: false,
          validatedAt: EXAMPLE_TIME,
          validations: 14,
        },
      ],
      expiringExceptions: [
        {
          id: EXAMPLE_IDS.exception,
          ruleId: 'FC-UIP-SEC-001',
          fileName: 'Main.xaml',
          location: 'Main.xaml:42',
          expiresAt: '2026-05-20T18:00:00.000Z',
          renewalPending: false,
        },
      ],
      troubledWebhooks: [
        {
          id: EXAMPLE_IDS.webhook,
          url: 'https://hooks.slack.com/services/T000/B000/XXXX',
          target: 'slack',
          enabled: false,
          disabledReason: 'gone',
          failingSince: '2026-05-15T09:12:00.000Z',
          lastSuccessAt: '2026-05-14T16:40:00.000Z',
        },
      ],
    },
  ],
} as const

export async function overviewRoutes(
  app: FastifyInstance,
  deps: { store: Store; clock: Clock },
): Promise<void> {
  app.get<{ Querystring: { days: number } }>(
    '/api/v1/overview',
    {
      config: { access: 'member' },
      schema: {
        summary:
          'Your org at a glance: scores and pass rate per day, failing rules, low projects, expiring exceptions, troubled webhooks.',
        tags: ['overview'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            days: {
              type: 'integer',
              minimum: 1,
              maximum: OVERVIEW_MAX_DAYS,
              default: 30,
              description: 'UTC days in the window, today included.',
            },
          },
        },
        response: { 200: overviewSchema, ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const auth = requireAuth(request)
      const db = deps.store.db
      const now = deps.clock.now()
      const { days } = request.query
      const firstDay = epochDay(now) - (days - 1)
      const since = firstDay * DAY_MS
      const settings = await getOrgSettings(db, auth.orgId)
      const stats = await dailyValidationStats(db, auth.orgId, since)
      const byDay = new Map(stats.map((entry) => [entry.day, entry]))
      const daily = Array.from({ length: days }, (_, index) => {
        const day = firstDay + index
        const entry = byDay.get(day)
        return {
          day: isoDay(day),
          validations: entry?.validations ?? 0,
          passed: entry?.passed ?? 0,
          meanScore: entry === undefined ? null : round(entry.meanScore),
        }
      })
      const validations = stats.reduce((sum, entry) => sum + entry.validations, 0)
      const passed = stats.reduce((sum, entry) => sum + entry.passed, 0)
      const scoreSum = stats.reduce((sum, entry) => sum + entry.meanScore * entry.validations, 0)
      const expiring = await expiringExceptions(db, {
        orgId: auth.orgId,
        after: now,
        before: now + settings.exceptionWarningDays * DAY_MS,
        limit: EXPIRING_LIMIT,
      })
      const webhooks = auth.role === 'admin' ? await troubledWebhooks(db, auth.orgId) : null
      return {
        days,
        since: iso(since),
        until: iso(now),
        totals: {
          validations,
          passed,
          passRate: validations === 0 ? null : round(passed / validations, 4),
          meanScore: validations === 0 ? null : round(scoreSum / validations),
        },
        daily,
        topFailingRules: await topFailingRules(db, { orgId: auth.orgId, sinceDay: firstDay, limit: TOP }),
        lowestScoringProjects: (await lowestScoringProjects(db, auth.orgId, TOP)).map((project) => ({
          ...project,
          validatedAt: iso(project.validatedAt),
        })),
        expiringExceptions: expiring.map((exception) => ({
          ...exception,
          expiresAt: iso(exception.expiresAt),
        })),
        troubledWebhooks:
          webhooks?.map((webhook) => ({
            ...webhook,
            failingSince: webhook.failingSince === null ? null : iso(webhook.failingSince),
            lastSuccessAt: webhook.lastSuccessAt === null ? null : iso(webhook.lastSuccessAt),
          })) ?? null,
      }
    },
  )
}

function round(value: number, digits = 1): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}
