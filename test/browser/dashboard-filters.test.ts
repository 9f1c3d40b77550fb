/**
 * The dashboard reads what it shows from the API's own filters and fields, not from workarounds
 * in the browser (issue 13: "add the API first"): the projects list's trend comes from each
 * item's `previousScore` (no history request per row); the approval queue's renewals come from
 * `renewal=pending`, paged; the audit log filters by actor and date range, and its export link
 * carries the same filters.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { buildTestZip } from '../../src/input/archive/test-zip-writer.js'
import { chromiumAvailable, NO_PROBLEMS, runAxe, screenshot, signIn } from '../helpers/dashboard-browser.js'
import type { DashboardService } from '../helpers/dashboard-service.js'
import { useDashboard } from '../helpers/dashboard-suite.js'
import { emptyCatches, MINIMAL_XAML } from '../helpers/validation-test-kit.js'

const DAY = 24 * 60 * 60 * 1000
const CLEAN = MINIMAL_XAML
const EMPTY_CATCH = emptyCatches(1)

async function json<T>(response: Promise<Response>, status: number): Promise<T> {
  const res = await response
  const text = await res.text()
  expect(res.status, text).toBe(status)
  return JSON.parse(text) as T
}

async function validateProject(service: DashboardService, name: string, xaml: string): Promise<number> {
  const zip = buildTestZip([
    { name: 'project.json', data: JSON.stringify({ name, main: 'Main.xaml' }) },
    { name: 'Main.xaml', data: xaml },
  ])
  const body = await json<{ score: number }>(
    service.api('POST', '/api/v1/validations', service.memberKey, {
      fileName: `${name}.zip`,
      contentBase64: zip.toString('base64'),
    }),
    201,
  )
  return body.score
}

/** An exception approved by the admin; with a renewal asked for by the member when `renew`. */
async function approvedException(service: DashboardService, index: number, renew: boolean): Promise<string> {
  const { id } = await json<{ id: string }>(
    service.api('POST', '/api/v1/exceptions', service.memberKey, {
      ruleId: 'FC-UIP-ERR-001',
      fileName: `Queue-${index}.xaml`,
      reason: 'Swallowed on purpose: retried by the queue.',
      expiresAt: new Date(Date.now() + 20 * DAY).toISOString(),
    }),
    201,
  )
  await json(service.api('POST', `/api/v1/exceptions/${id}/approve`, service.adminKey), 200)
  if (renew) {
    await json(
      service.api('POST', `/api/v1/exceptions/${id}/renew`, service.memberKey, {
        expiresAt: new Date(Date.now() + 60 * DAY).toISOString(),
        reason: 'Still needed.',
      }),
      200,
    )
  }
  return id
}

/** Every API path the page requests from now on. */
function apiRequests(page: Page): string[] {
  const seen: string[] = []
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (url.pathname.startsWith('/api/')) seen.push(`${url.pathname}${url.search}`)
  })
  return seen
}

async function settled(page: Page, heading: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor()
  await expect.poll(() => page.locator('.state-loading').count()).toBe(0)
}

/** Today in the browser's time zone (the contexts run in Europe/Berlin), as a date input's value. */
function berlinDay(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * DAY).toLocaleDateString('en-CA', { timeZone: 'Europe/Berlin' })
}

describe.skipIf(!chromiumAvailable())('the dashboard uses the API filters made for it', () => {
  const dashboard = useDashboard()

  it("projects: each row's trend from previousScore, without a history request per row", async () => {
    const { service, browser } = dashboard
    const before = await validateProject(service, 'Trending', EMPTY_CATCH)
    const after = await validateProject(service, 'Trending', CLEAN)
    expect(after).toBeGreaterThan(before)
    await validateProject(service, 'Solo', CLEAN)
    const tab = await browser.newPage(service.baseUrl)
    try {
      const requests = apiRequests(tab.page)
      await signIn(tab.page, service.memberKey, '/projects')
      await settled(tab.page, 'Projects')
      const table = tab.page.getByRole('table', { name: 'Projects, most recently validated first' })
      const trending = table.getByRole('row').filter({ hasText: 'Trending' })
      await trending.getByText(`up ${after - before} since the previous validation`).waitFor()
      await table.getByRole('row').filter({ hasText: 'Solo' }).getByText('first validation').waitFor()
      expect(requests.filter((path) => path.includes('/history'))).toEqual([])
      expect(requests.filter((path) => path.startsWith('/api/v1/projects'))).toEqual([
        '/api/v1/projects?limit=25',
      ])
      expect(await runAxe(tab.page)).toEqual([])
      expect(tab.problems).toEqual(NO_PROBLEMS)
    } finally {
      await tab.close()
    }
  }, 90_000)

  it("the approval queue's renewals: renewal=pending, 25 a page, the next page after", async () => {
    const { service, browser } = dashboard
    const pending: string[] = []
    for (let index = 0; index < 26; index++) pending.push(await approvedException(service, index, true))
    const notPending = await approvedException(service, 26, false)
    const tab = await browser.newPage(service.baseUrl)
    const { page } = tab
    try {
      const requests = apiRequests(page)
      await signIn(page, service.adminKey, '/exceptions?view=queue')
      await settled(page, 'Exceptions')
      await page.getByText('Nothing waits for approval.').waitFor()
      const renewals = page.getByRole('table', { name: 'Exceptions with a pending renewal, newest first' })
      const links = renewals.locator('a[href^="/exceptions/"]')
      await expect.poll(() => links.count()).toBe(25)
      const newestFirst = [...pending].reverse()
      const hrefs = async () => await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))
      expect(await hrefs()).toEqual(newestFirst.slice(0, 25).map((id) => `/exceptions/${id}`))
      expect(requests).toContain('/api/v1/exceptions?renewal=pending&limit=25')
      // Nothing reads a large page of approved exceptions to filter here any more.
      expect(requests.filter((path) => path.includes('status=approved'))).toEqual([])
      expect(await runAxe(page)).toEqual([])
      await screenshot(page, 'exceptions-queue-renewals')

      const pager = page.getByRole('navigation', { name: 'Renewal pages' })
      await pager.getByRole('button', { name: 'Next' }).click()
      await pager.getByText('Page 2').waitFor()
      await expect.poll(hrefs).toEqual([`/exceptions/${newestFirst[25]}`])
      expect(await hrefs()).not.toContain(`/exceptions/${notPending}`)
      await pager.getByRole('button', { name: 'Previous' }).click()
      await expect.poll(() => links.count()).toBe(25)
      expect(tab.problems).toEqual(NO_PROBLEMS)
    } finally {
      await tab.close()
    }
  }, 120_000)

  it('the audit log filters by actor and date range (a link), and the export carries the filters', async () => {
    const { service, browser } = dashboard
    // The previous case left the member's 27 requests and 26 renewal requests, the admin's approvals.
    const list = (query: string) =>
      json<{ items: { actorEmail: string }[] }>(
        service.api('GET', `/api/v1/audit-log?limit=200${query}`, service.adminKey),
        200,
      )
    const byMember = (await list('&actor=member%40dashboard.test')).items
    expect(byMember.length).toBe(53)
    expect((await list('')).items.length).toBeGreaterThan(byMember.length)
    const tab = await browser.newPage(service.baseUrl)
    const { page } = tab
    try {
      await signIn(page, service.adminKey, '/audit-log')
      await settled(page, 'Audit log')
      const entries = page.getByRole('table', { name: /Audit log entries/ }).getByRole('row')
      await expect.poll(() => entries.count()).toBe(51)

      await page.getByLabel('Who (email)').fill('member@dashboard.test')
      await page.getByLabel('From').fill(berlinDay())
      await page.getByLabel('To').fill(berlinDay())
      await page.getByRole('button', { name: 'Filter' }).click()
      await expect.poll(() => entries.count()).toBe(1 + 50)
      for (const text of (await entries.allTextContents()).slice(1)) {
        expect(text).toContain('member@dashboard.test')
        expect(text).toMatch(/exception\.(renewal_)?requested/)
      }
      const search = new URL(page.url()).searchParams
      expect(search.get('actor')).toBe('member@dashboard.test')
      const since = Date.parse(search.get('since') ?? '')
      const until = Date.parse(search.get('until') ?? '')
      expect(since).toBeLessThanOrEqual(Date.now())
      expect(until).toBeGreaterThan(Date.now())
      const exportHref = await page.getByRole('link', { name: 'Export (JSON Lines)' }).getAttribute('href')
      const exportQuery = new URL(exportHref ?? '', service.baseUrl).searchParams
      expect(Object.fromEntries(exportQuery)).toEqual({ ...Object.fromEntries(search), format: 'jsonl' })
      const exported = await tab.context.request.get(exportHref ?? '')
      expect(exported.status()).toBe(200)
      expect((await exported.text()).trimEnd().split('\n').length).toBe(byMember.length)
      expect(await runAxe(page)).toEqual([])
      await screenshot(page, 'admin-audit-log-filtered')

      // The filtered log is a link: reloading keeps the filters; a window before today is empty.
      await page.reload()
      await settled(page, 'Audit log')
      expect(await page.getByLabel('Who (email)').inputValue()).toBe('member@dashboard.test')
      expect(await page.getByLabel('From').inputValue()).toBe(berlinDay())
      await page.getByLabel('From').fill(berlinDay(-3))
      await page.getByLabel('To').fill(berlinDay(-2))
      await page.getByRole('button', { name: 'Filter' }).click()
      await page.getByText('No entries match.').waitFor()
      expect(tab.problems).toEqual(NO_PROBLEMS)
    } finally {
      await tab.close()
    }
  }, 90_000)
})
