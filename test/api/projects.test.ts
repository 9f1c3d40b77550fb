/**
 * GET /api/v1/projects, /api/v1/projects/{name}/history and /api/v1/results?project= through the
 * real API on both engines, with real project archives: latest result per project, history
 * newest first with label filter and paging, tenant isolation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestZip } from '../../src/input/archive/test-zip-writer.js'
import { openTestApp, type TestApp } from '../helpers/test-app.js'
import { testEngines } from '../helpers/test-stores.js'
import { multipartBody } from '../helpers/validation-test-kit.js'

const CLEAN =
  '<Activity xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities"><Sequence DisplayName="Do the work" /></Activity>'
const EMPTY_CATCH =
  '<Activity xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities" xmlns:x="http://schemas.microsoft.com/winfx/2006/xaml">' +
  '<TryCatch DisplayName="Guard"><TryCatch.Try><Sequence DisplayName="Work" /></TryCatch.Try>' +
  '<TryCatch.Catches><Catch x:TypeArguments="x:Object" /></TryCatch.Catches></TryCatch></Activity>'

function projectZip(name: string, mainXaml: string): Buffer {
  return buildTestZip([
    {
      name: 'project.json',
      data: JSON.stringify({ name, main: 'Main.xaml', expressionLanguage: 'VisualBasic' }),
    },
    { name: 'Main.xaml', data: mainXaml },
  ])
}

describe.each(testEngines())('projects and history on %s', (engine) => {
  let t: TestApp
  const made: Array<{ project: string; id: string; label: string | null; score: number }> = []

  async function upload(key: string, project: string, xaml: string, label?: string) {
    const parts: Parameters<typeof multipartBody>[0] = [
      { name: 'file', fileName: `${project}.zip`, content: projectZip(project, xaml) },
    ]
    if (label !== undefined) parts.push({ name: 'label', value: label })
    const { payload, headers } = await multipartBody(parts)
    const res = await t.request(key, { method: 'POST', url: '/api/v1/validations', payload, headers })
    expect(res.statusCode, res.body).toBe(201)
    return res.json() as { validationId: string; score: number; projectName: string }
  }

  beforeAll(async () => {
    t = await openTestApp(engine)
    // Invoices: three validations (main, main, release); Payments: one; plus a single file.
    for (const [project, xaml, label] of [
      ['Invoices', EMPTY_CATCH, 'main'],
      ['Payments', CLEAN, 'main'],
      ['Invoices', CLEAN, 'main'],
      ['Invoices', CLEAN, 'release'],
    ] as const) {
      const body = await upload(t.orgA.memberKey, project, xaml, label)
      made.push({ project, id: body.validationId, label, score: body.score })
    }
    const single = await t.request(t.orgA.memberKey, {
      method: 'POST',
      url: '/api/v1/validations',
      payload: { fileName: 'Main.xaml', content: CLEAN },
      headers: { 'content-type': 'application/json' },
    })
    expect(single.statusCode).toBe(201)
    await upload(t.orgB.memberKey, 'OrgBOnly', CLEAN)
  })
  afterAll(() => t.close())

  const get = (url: string, key = t.orgA.memberKey) => t.request(key, { method: 'GET', url })

  it('lists each project once with its latest validation and count, most recent first', async () => {
    const res = await get('/api/v1/projects')
    expect(res.statusCode).toBe(200)
    const items = res.json().items as Array<{
      name: string
      validations: number
      latest: { validationId: string; label: string }
    }>
    expect(items.map((item) => [item.name, item.validations, item.latest.validationId])).toEqual([
      ['Invoices', 3, made[3]?.id],
      ['Payments', 1, made[1]?.id],
    ])
    expect(res.json().nextCursor).toBeNull()
  })

  it("gives each project the previous validation's score (its trend), null for a first validation", async () => {
    const items = (await get('/api/v1/projects')).json().items as Array<{
      name: string
      latest: { score: number }
      previousScore: number | null
    }>
    // Invoices: latest made[3], the one before it made[2]; Payments has only made[1].
    expect(items.map((item) => [item.name, item.latest.score, item.previousScore])).toEqual([
      ['Invoices', made[3]?.score, made[2]?.score],
      ['Payments', made[1]?.score, null],
    ])
    // The same as the project's history reads: its second-newest point.
    const history = (await get('/api/v1/projects/Invoices/history?limit=2')).json()
    expect(items[0]?.previousScore).toBe(history.items[1].score)
    // Another validation moves it on (in org B, so org A's list stays as the other cases expect).
    const orgBFirst = (await get('/api/v1/projects', t.orgB.memberKey)).json().items[0]
    expect(orgBFirst.previousScore).toBeNull()
    const next = await upload(t.orgB.memberKey, 'OrgBOnly', EMPTY_CATCH)
    const after = (await get('/api/v1/projects', t.orgB.memberKey)).json().items
    expect(
      after.map((item: { name: string; latest: { score: number }; previousScore: number | null }) => [
        item.name,
        item.latest.score,
        item.previousScore,
      ]),
    ).toEqual([['OrgBOnly', next.score, orgBFirst.latest.score]])
    expect(next.score).toBeLessThan(orgBFirst.latest.score)
  })

  it('pages the projects with a cursor', async () => {
    const first = (await get('/api/v1/projects?limit=1')).json()
    expect(first.items.map((item: { name: string }) => item.name)).toEqual(['Invoices'])
    const second = (await get(`/api/v1/projects?limit=1&cursor=${first.nextCursor}`)).json()
    expect(second.items.map((item: { name: string }) => item.name)).toEqual(['Payments'])
    expect(second.nextCursor).toBeNull()
  })

  it("gives a project's history newest first, filtered by label, paged", async () => {
    const all = (await get('/api/v1/projects/Invoices/history')).json()
    const invoices = made.filter((entry) => entry.project === 'Invoices').reverse()
    expect(
      all.items.map((item: { validationId: string; score: number }) => [item.validationId, item.score]),
    ).toEqual(invoices.map((entry) => [entry.id, entry.score]))
    // The empty catch in the first validation costs points; later ones are clean.
    expect(all.items.at(-1).score).toBeLessThan(all.items[0].score)
    const main = (await get('/api/v1/projects/Invoices/history?label=main')).json()
    expect(main.items.map((item: { label: string }) => item.label)).toEqual(['main', 'main'])
    const page1 = (await get('/api/v1/projects/Invoices/history?limit=2')).json()
    const page2 = (await get(`/api/v1/projects/Invoices/history?limit=2&cursor=${page1.nextCursor}`)).json()
    expect(
      [...page1.items, ...page2.items].map((item: { validationId: string }) => item.validationId),
    ).toEqual(invoices.map((entry) => entry.id))
  })

  it('filters results by project', async () => {
    const res = (await get('/api/v1/results?project=Payments')).json()
    expect(res.items.map((item: { validationId: string }) => item.validationId)).toEqual([made[1]?.id])
    expect(res.items[0].projectName).toBe('Payments')
  })

  it("never shows another org's projects: not in the list, 404 for its history", async () => {
    const names = (await get('/api/v1/projects')).json().items.map((item: { name: string }) => item.name)
    expect(names).not.toContain('OrgBOnly')
    const res = await get('/api/v1/projects/OrgBOnly/history')
    expect(res.statusCode).toBe(404)
    expect(res.json().error.code).toBe('NOT_FOUND')
    expect((await get('/api/v1/results?project=OrgBOnly')).json().items).toEqual([])
    expect((await get('/api/v1/projects/Invoices/history', t.orgB.memberKey)).statusCode).toBe(404)
  })

  it('needs a key', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/projects' })).statusCode).toBe(401)
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/projects/Invoices/history' })).statusCode).toBe(
      401,
    )
  })
})
