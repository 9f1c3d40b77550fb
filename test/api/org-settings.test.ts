import { describe, expect, it } from 'vitest'
import type { TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'
import { eachTestAppWithValidEvents } from '../helpers/validation-test-kit.js'

const DEFAULT_PACKS = {
  uipath: 'uipath-reframework-baseline',
  'power-automate': 'power-automate-general',
  'blue-prism': 'blue-prism-general',
}
const DEFAULTS = {
  scoreThreshold: null,
  exceptionWarningDays: 7,
  defaultPolicyPack: 'uipath-reframework-baseline',
  defaultPolicyPacks: DEFAULT_PACKS,
}

describe.each(testEngines())('org settings and audit log on %s', (engine) => {
  let t: TestApp
  eachTestAppWithValidEvents(engine, (app) => {
    t = app
  })

  const get = (key = t.orgA.memberKey) => t.request(key, { method: 'GET', url: '/api/v1/org-settings' })
  const patch = (payload: unknown, key = t.orgA.adminKey) =>
    t.request(key, { method: 'PATCH', url: '/api/v1/org-settings', payload: payload as object })
  const audit = async (query = '', key = t.orgA.adminKey) => {
    const res = await t.request(key, { method: 'GET', url: `/api/v1/audit-log${query}` })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as {
      items: {
        id: string
        actorEmail: string
        action: string
        targetType: string
        targetId: string | null
        changes: object
        at: string
        seq: number
        prevHash: string
        hash: string
      }[]
      nextCursor: string | null
    }
  }

  it('GET returns the defaults to members and admins', async () => {
    for (const key of [t.orgA.memberKey, t.orgA.adminKey]) {
      const res = await get(key)
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({ ...DEFAULTS, updatedAt: null })
    }
    expect((await t.request(null, { method: 'GET', url: '/api/v1/org-settings' })).statusCode).toBe(401)
  })

  it('PATCH (admin) changes only the fields sent; null clears the threshold; each PATCH is audited with its changes', async () => {
    const first = await patch({ scoreThreshold: 70 })
    expect(first.statusCode).toBe(200)
    expect(first.json()).toEqual({ ...DEFAULTS, scoreThreshold: 70, updatedAt: '2026-05-15T18:00:00.000Z' })

    t.clock.advance(60_000)
    const second = await patch({ exceptionWarningDays: 14, defaultPolicyPack: 'uipath-security' })
    expect(second.json()).toEqual({
      scoreThreshold: 70,
      exceptionWarningDays: 14,
      defaultPolicyPack: 'uipath-security',
      defaultPolicyPacks: { ...DEFAULT_PACKS, uipath: 'uipath-security' },
      updatedAt: '2026-05-15T18:01:00.000Z',
    })
    expect((await get()).json()).toEqual(second.json())

    t.clock.advance(60_000)
    const cleared = await patch({ scoreThreshold: null })
    expect(cleared.json()).toMatchObject({
      scoreThreshold: null,
      exceptionWarningDays: 14,
      defaultPolicyPack: 'uipath-security',
    })
    expect((await get()).json().scoreThreshold).toBeNull()

    // Org B is untouched.
    expect((await get(t.orgB.memberKey)).json()).toEqual({ ...DEFAULTS, updatedAt: null })

    const entries = (await audit('?action=org_settings.updated')).items
    expect(entries).toEqual([
      {
        id: expect.any(String),
        actorEmail: 'admin@org-a.test',
        action: 'org_settings.updated',
        targetType: 'org_settings',
        targetId: t.orgA.orgId,
        changes: { scoreThreshold: { from: 70, to: null } },
        at: '2026-05-15T18:02:00.000Z',
        seq: 3,
        prevHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
      {
        id: expect.any(String),
        actorEmail: 'admin@org-a.test',
        action: 'org_settings.updated',
        targetType: 'org_settings',
        targetId: t.orgA.orgId,
        changes: {
          exceptionWarningDays: { from: 7, to: 14 },
          defaultPolicyPack: { from: 'uipath-reframework-baseline', to: 'uipath-security' },
        },
        at: '2026-05-15T18:01:00.000Z',
        seq: 2,
        prevHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
      {
        id: expect.any(String),
        actorEmail: 'admin@org-a.test',
        action: 'org_settings.updated',
        targetType: 'org_settings',
        targetId: t.orgA.orgId,
        changes: { scoreThreshold: { from: null, to: 70 } },
        at: '2026-05-15T18:00:00.000Z',
        seq: 1,
        prevHash: '0000000000000000000000000000000000000000000000000000000000000000',
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ])
    // Each entry links to the one before it in the org's chain.
    expect(entries[0]?.prevHash).toBe(entries[1]?.hash)
    expect(entries[1]?.prevHash).toBe(entries[2]?.hash)
    // Org B's audit log does not show org A's changes.
    expect(
      (await audit('', t.orgB.adminKey)).items.filter((e) => e.action === 'org_settings.updated'),
    ).toEqual([])
  })

  it('a member may not PATCH (403) and nothing changes or is audited', async () => {
    const res = await patch({ scoreThreshold: 50 }, t.orgA.memberKey)
    expect(res.statusCode).toBe(403)
    expect(res.json().error.code).toBe('FORBIDDEN_ROLE')
    expect((await get()).json()).toEqual({ ...DEFAULTS, updatedAt: null })
    expect((await audit('?action=org_settings.updated')).items).toEqual([])
  })

  it.each([
    ['scoreThreshold 101', { scoreThreshold: 101 }, 400, 'body.scoreThreshold'],
    ['scoreThreshold -1', { scoreThreshold: -1 }, 400, 'body.scoreThreshold'],
    ['scoreThreshold 50.5', { scoreThreshold: 50.5 }, 400, 'body.scoreThreshold'],
    ['scoreThreshold "70"', { scoreThreshold: '70' }, 400, 'body.scoreThreshold'],
    ['exceptionWarningDays 0', { exceptionWarningDays: 0 }, 400, 'body.exceptionWarningDays'],
    ['exceptionWarningDays 91', { exceptionWarningDays: 91 }, 400, 'body.exceptionWarningDays'],
    ['exceptionWarningDays null', { exceptionWarningDays: null }, 400, 'body.exceptionWarningDays'],
    ['defaultPolicyPack unknown', { defaultPolicyPack: 'no-such-pack' }, 422, 'body.defaultPolicyPack'],
    ['defaultPolicyPack null', { defaultPolicyPack: null }, 400, 'body.defaultPolicyPack'],
    [
      'defaultPolicyPack of another platform',
      { defaultPolicyPack: 'blue-prism-general' },
      422,
      'body.defaultPolicyPack',
    ],
    [
      'a Blue Prism default that is a UiPath pack',
      { defaultPolicyPacks: { 'blue-prism': 'uipath-general' } },
      422,
      'body.defaultPolicyPacks.blue-prism',
    ],
    [
      'an unknown Power Automate default',
      { defaultPolicyPacks: { 'power-automate': 'no-such-pack' } },
      422,
      'body.defaultPolicyPacks.power-automate',
    ],
    [
      'a default for an unknown platform',
      { defaultPolicyPacks: { blueprism: 'blue-prism-general' } },
      400,
      'body.defaultPolicyPacks.blueprism',
    ],
    [
      'defaultPolicyPack and defaultPolicyPacks.uipath that disagree',
      { defaultPolicyPack: 'uipath-general', defaultPolicyPacks: { uipath: 'uipath-security' } },
      400,
      'body.defaultPolicyPack',
    ],
    ['an unknown field', { scoreThreshold: 50, colour: 'red' }, 400, 'body.colour'],
    ['an empty body', {}, 400, 'body'],
  ])('%s → 4xx naming the field, nothing changed or audited', async (_label, payload, status, field) => {
    const res = await patch(payload)
    expect(res.statusCode).toBe(status)
    const error = res.json().error
    expect(error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]))
    expect((await get()).json()).toEqual({ ...DEFAULTS, updatedAt: null })
    expect((await audit('?action=org_settings.updated')).items).toEqual([])
  })

  it('the default pack per platform: PATCH one platform, the others keep theirs; a pack of the wrong platform is refused with its code', async () => {
    const res = await patch({
      defaultPolicyPacks: { 'blue-prism': 'blue-prism-general', uipath: 'uipath-general' },
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({
      defaultPolicyPack: 'uipath-general',
      defaultPolicyPacks: { ...DEFAULT_PACKS, uipath: 'uipath-general' },
    })
    // A later PATCH of another field keeps every platform's default.
    const later = await patch({ scoreThreshold: 60 })
    expect(later.json().defaultPolicyPacks).toEqual({ ...DEFAULT_PACKS, uipath: 'uipath-general' })
    const wrong = await patch({ defaultPolicyPacks: { 'power-automate': 'blue-prism-general' } })
    expect(wrong.statusCode).toBe(422)
    expect(wrong.json().error).toMatchObject({
      code: 'POLICY_PACK_PLATFORM_MISMATCH',
      details: [
        {
          field: 'body.defaultPolicyPacks.power-automate',
          value: 'blue-prism-general',
          packPlatform: 'blue-prism',
          platform: 'power-automate',
        },
      ],
    })
    expect((await get()).json().defaultPolicyPacks).toEqual({ ...DEFAULT_PACKS, uipath: 'uipath-general' })
  })

  it('boundary values are accepted: threshold 0 and 100, warning days 1 and 90', async () => {
    for (const payload of [
      { scoreThreshold: 0 },
      { scoreThreshold: 100 },
      { exceptionWarningDays: 1 },
      { exceptionWarningDays: 90 },
    ]) {
      const res = await patch(payload)
      expect(res.statusCode).toBe(200)
      expect(res.json()).toMatchObject(payload)
    }
  })

  it('the audit log is admin only and also records API key creation and revocation', async () => {
    const member = await t.request(t.orgA.memberKey, { method: 'GET', url: '/api/v1/audit-log' })
    expect(member.statusCode).toBe(403)
    expect(member.json().error.code).toBe('FORBIDDEN_ROLE')
    expect((await t.request(null, { method: 'GET', url: '/api/v1/audit-log' })).statusCode).toBe(401)

    t.clock.advance(1000)
    const created = await t.request(t.orgA.adminKey, {
      method: 'POST',
      url: '/api/v1/api-keys',
      payload: { email: 'ci@org-a.test', role: 'member', name: 'ci' },
    })
    expect(created.statusCode).toBe(201)
    t.clock.advance(1000)
    const revoked = await t.request(t.orgA.adminKey, {
      method: 'DELETE',
      url: `/api/v1/api-keys/${created.json().id}`,
    })
    expect(revoked.statusCode).toBe(204)

    const items = (await audit()).items
    const [revocation, creation] = items
    expect(revocation).toMatchObject({
      actorEmail: 'admin@org-a.test',
      action: 'api_key.revoked',
      targetType: 'api_key',
      targetId: created.json().id,
      changes: { email: 'ci@org-a.test', role: 'member', prefix: created.json().prefix },
      at: '2026-05-15T18:00:02.000Z',
    })
    expect(creation).toMatchObject({
      action: 'api_key.created',
      targetId: created.json().id,
      changes: { email: 'ci@org-a.test', role: 'member', name: 'ci', prefix: created.json().prefix },
      at: '2026-05-15T18:00:01.000Z',
    })
    expect(JSON.stringify(items)).not.toContain(created.json().apiKey)
    expect((await audit('?action=api_key.created')).items.map((e) => e.targetId)).toContain(created.json().id)
    expect((await audit('', t.orgB.adminKey)).items.map((e) => e.targetId)).not.toContain(created.json().id)

    // Pages: newest first, no duplicates.
    for (let i = 0; i < 3; i++) await patch({ scoreThreshold: 10 + i })
    const all = (await audit('?limit=200')).items.map((e) => e.id)
    const paged: string[] = []
    let cursor: string | null = null
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = await audit(
        `?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      )
      paged.push(...page.items.map((e) => e.id))
      cursor = page.nextCursor
    } while (cursor !== null)
    expect(paged).toEqual(all)
    expect(new Set(paged).size).toBe(paged.length)
  })
})
