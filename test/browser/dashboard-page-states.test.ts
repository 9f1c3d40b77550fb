/**
 * Page headings and states the route table alone cannot give: a project, result or exception page
 * names what it shows in its heading and the document title once loaded; a member who opens an
 * admin-only page gets a clear "admins only" state, and the page makes no API call that would
 * answer 403.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { buildTestZip } from '../../src/input/archive/test-zip-writer.js'
import { chromiumAvailable, NO_PROBLEMS, runAxe, screenshot, signIn } from '../helpers/dashboard-browser.js'
import { useDashboard } from '../helpers/dashboard-suite.js'
import { MINIMAL_XAML } from '../helpers/validation-test-kit.js'

async function heading(page: Page, name: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor()
  await expect.poll(() => page.title()).toBe(`${name} · Flowcerta`)
}

describe.skipIf(!chromiumAvailable())('dashboard page headings and the admins-only state', () => {
  const dashboard = useDashboard()

  it('project, result and exception pages name what they show in the heading and the document title', async () => {
    const { service, browser } = dashboard
    const zip = buildTestZip([
      { name: 'project.json', data: JSON.stringify({ name: 'Titled Project', main: 'Main.xaml' }) },
      { name: 'Main.xaml', data: MINIMAL_XAML },
    ])
    const validated = await service.api('POST', '/api/v1/validations', service.memberKey, {
      fileName: 'Titled.zip',
      contentBase64: zip.toString('base64'),
    })
    expect(validated.status).toBe(201)
    const { validationId } = (await validated.json()) as { validationId: string }
    const single = await service.api('POST', '/api/v1/validations', service.memberKey, {
      fileName: 'Single.xaml',
      content: MINIMAL_XAML,
    })
    const singleId = ((await single.json()) as { validationId: string }).validationId
    const requested = await service.api('POST', '/api/v1/exceptions', service.memberKey, {
      ruleId: 'FC-UIP-ERR-001',
      fileName: 'Single.xaml',
      reason: 'A title test.',
      expiresAt: new Date(Date.now() + 10 * 24 * 60 * 60 * 1000).toISOString(),
    })
    const exceptionId = ((await requested.json()) as { id: string }).id

    const tab = await browser.newPage(service.baseUrl)
    const { page } = tab
    try {
      await signIn(page, service.memberKey, `/projects/${encodeURIComponent('Titled Project')}`)
      await heading(page, 'Project Titled Project')
      await page.goto(`/results/${validationId}`)
      await heading(page, 'Result Titled Project')
      await page.goto(`/results/${singleId}`)
      await heading(page, 'Result Single.xaml')
      await page.goto(`/exceptions/${exceptionId}`)
      await heading(page, 'Exception FC-UIP-ERR-001 in Single.xaml')
      // Moving on to a page with a fixed title drops the named one.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Results' }).click()
      await heading(page, 'Results')
      // A result that does not exist keeps the route's title beside its error.
      await page.goto('/results/01900000-0000-7000-8000-000000000000')
      await page.getByRole('alert').waitFor()
      await heading(page, 'Result')
      expect(await runAxe(page)).toEqual([])
      expect(tab.problems).toEqual(NO_PROBLEMS)
    } finally {
      await tab.close()
    }
  }, 90_000)

  it('a member on an admin-only page sees "admins only", with no 403 from the API; an admin sees the page', async () => {
    const { service, browser } = dashboard
    const tab = await browser.newPage(service.baseUrl)
    const { page } = tab
    const apiCalls: string[] = []
    page.on('request', (request) => {
      const url = new URL(request.url())
      if (url.pathname.startsWith('/api/v1/') && !url.pathname.startsWith('/api/v1/sessions'))
        apiCalls.push(url.pathname)
    })
    const refused: string[] = []
    page.on('response', (response) => {
      if (response.status() === 403) refused.push(response.url())
    })
    try {
      await signIn(page, service.memberKey, '/webhooks')
      for (const [path, title] of [
        ['/webhooks', 'Webhooks'],
        ['/webhooks/new', 'New webhook'],
        ['/audit-log', 'Audit log'],
        ['/deliveries/01900000-0000-7000-8000-000000000000', 'Delivery'],
      ] as const) {
        if (new URL(page.url()).pathname !== path) await page.goto(path)
        await heading(page, title)
        await page.getByText(`The page “${title}” is for admins only.`).waitFor()
        expect(await page.getByRole('alert').count()).toBe(0)
        expect(await runAxe(page)).toEqual([])
      }
      await screenshot(page, 'member-admins-only')
      expect(refused).toEqual([])
      expect(apiCalls.filter((call) => /org-webhooks|audit-log|deliveries/.test(call))).toEqual([])
      expect(tab.problems).toEqual(NO_PROBLEMS)
    } finally {
      await tab.close()
    }
    const admin = await browser.newPage(service.baseUrl)
    try {
      await signIn(admin.page, service.adminKey, '/audit-log')
      await heading(admin.page, 'Audit log')
      await admin.page.getByRole('table', { name: /Audit log entries/ }).waitFor()
      expect(await admin.page.getByText('is for admins only').count()).toBe(0)
    } finally {
      await admin.close()
    }
  }, 90_000)
})
