/**
 * Issue 13, browser test 4 — roles and sessions: a member's session shows no admin controls and a
 * forged admin request with the member's cookie gets 403; a cookie write without the CSRF token
 * gets 403; sign-out ends the session on the server. With them, the admin pages a member cannot
 * use: API keys (create shown once, revoke — which ends that key's sessions), Settings, Audit log
 * (filter, paging). The member's visit and the admin's key flow are done by keyboard only.
 */
import type { APIResponse, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  chromiumAvailable,
  type DashboardPage,
  NO_PROBLEMS,
  runAxe,
  screenshot,
  signIn,
  userOf,
} from '../helpers/dashboard-browser.js'
import { useDashboard } from '../helpers/dashboard-suite.js'

async function heading(page: Page, name: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor()
  await page.locator('.state-loading').waitFor({ state: 'detached' })
}

async function errorCode(response: APIResponse): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code
}

/** The session's CSRF token, as the dashboard gets it. */
async function csrfToken(tab: DashboardPage): Promise<string> {
  const current = await tab.context.request.get('/api/v1/sessions/current')
  expect(current.status()).toBe(200)
  return ((await current.json()) as { csrfToken: string }).csrfToken
}

async function sessionCookie(tab: DashboardPage): Promise<string> {
  const cookie = (await tab.context.cookies()).find((item) => item.name === 'flowcerta_session')
  expect(cookie?.httpOnly).toBe(true)
  expect(cookie?.sameSite).toBe('Strict')
  return `${cookie?.name}=${cookie?.value}`
}

describe.skipIf(!chromiumAvailable())('issue 13 test 4: roles, CSRF and sessions in the dashboard', () => {
  const dashboard = useDashboard()

  it('a member (keyboard only) sees no admin controls; forged admin requests and writes without CSRF get 403; sign-out ends the session', async () => {
    const { service, browser } = dashboard
    const tab = await browser.newPage(service.baseUrl)
    const { page } = tab
    const user = userOf(page, 'keyboard')
    try {
      await signIn(page, service.memberKey, '/settings', 'keyboard')
      await heading(page, 'Settings')
      const nav = page.getByRole('navigation', { name: 'Main' })
      const links = await nav.getByRole('link').allTextContents()
      expect(links).toContain('Settings')
      for (const adminOnly of ['API keys', 'Audit log', 'Webhooks']) expect(links).not.toContain(adminOnly)
      expect(await page.getByRole('button', { name: 'Save settings' }).count()).toBe(0)
      expect(await page.getByLabel(/Score threshold/).isDisabled()).toBe(true)
      expect(await page.getByText('Only an admin can change these settings.').count()).toBe(1)
      expect(await runAxe(page)).toEqual([])
      await screenshot(page, 'member-settings')

      await page.goto('/api-keys')
      await heading(page, 'API keys')
      expect(await page.getByRole('heading', { name: 'New API key' }).count()).toBe(0)
      expect(await page.getByRole('button', { name: /Revoke/ }).count()).toBe(0)
      // A member's list is their own keys only (the API decides).
      const rows = page.getByRole('table', { name: 'API keys' }).getByRole('row')
      await expect.poll(() => rows.count()).toBe(2)
      expect(await rows.nth(1).textContent()).toContain('member@dashboard.test')
      expect(await runAxe(page)).toEqual([])
      await screenshot(page, 'member-api-keys')

      // Forged admin requests with the member's cookie (and a valid CSRF token): refused by role.
      const token = await csrfToken(tab)
      const forged = await tab.context.request.post('/api/v1/org-webhooks', {
        headers: { 'x-csrf-token': token },
        data: { url: 'http://127.0.0.1:9/hook', events: ['*'] },
      })
      expect(forged.status()).toBe(403)
      expect(await errorCode(forged)).toBe('FORBIDDEN_ROLE')
      const settings = await tab.context.request.patch('/api/v1/org-settings', {
        headers: { 'x-csrf-token': token },
        data: { scoreThreshold: 1 },
      })
      expect(settings.status()).toBe(403)
      expect(await errorCode(settings)).toBe('FORBIDDEN_ROLE')
      expect((await tab.context.request.get('/api/v1/audit-log')).status()).toBe(403)
      // A write the member may do, without the CSRF token: refused before anything happens.
      const noToken = await tab.context.request.post('/api/v1/validations', {
        data: { fileName: 'a.xaml', content: '<Activity/>' },
      })
      expect(noToken.status()).toBe(403)
      expect(await errorCode(noToken)).toBe('CSRF_INVALID')
      const wrongToken = await tab.context.request.post('/api/v1/validations', {
        headers: { 'x-csrf-token': `${token.slice(0, -2)}xx` },
        data: { fileName: 'a.xaml', content: '<Activity/>' },
      })
      expect(wrongToken.status()).toBe(403)
      expect(await errorCode(wrongToken)).toBe('CSRF_INVALID')

      // Sign-out ends the session on the server, not only in this browser.
      const cookie = await sessionCookie(tab)
      await user.click(page.getByRole('button', { name: 'Sign out' }))
      await page.waitForURL((url) => url.pathname === '/sign-in')
      const after = await fetch(`${service.baseUrl}/api/v1/sessions/current`, { headers: { cookie } })
      expect(after.status).toBe(401)
      const pageAfter = await fetch(`${service.baseUrl}/settings`, {
        headers: { cookie },
        redirect: 'manual',
      })
      expect(pageAfter.status).toBe(302)
      expect(pageAfter.headers.get('location')).toBe('/sign-in?next=%2Fsettings')
      await page.goto('/settings')
      await page.waitForURL((url) => url.pathname === '/sign-in')
      expect(tab.problems).toEqual(NO_PROBLEMS)
    } finally {
      await tab.close()
    }
  }, 90_000)

  it("an admin's cookie write needs the CSRF token too", async () => {
    const { service, browser } = dashboard
    const tab = await browser.newPage(service.baseUrl)
    try {
      await signIn(tab.page, service.adminKey, '/settings')
      const without = await tab.context.request.patch('/api/v1/org-settings', {
        data: { scoreThreshold: 70 },
      })
      expect(without.status()).toBe(403)
      expect(await errorCode(without)).toBe('CSRF_INVALID')
      const withToken = await tab.context.request.patch('/api/v1/org-settings', {
        headers: { 'x-csrf-token': await csrfToken(tab) },
        data: { scoreThreshold: 70 },
      })
      expect(withToken.status()).toBe(200)
      expect(tab.problems).toEqual(NO_PROBLEMS)
    } finally {
      await tab.close()
    }
  }, 60_000)

  it('admin, keyboard only: create an API key (shown once), revoke it (its session ends); change settings; the audit log filters and pages', async () => {
    const { service, browser } = dashboard
    const tab = await browser.newPage(service.baseUrl)
    const { page } = tab
    const user = userOf(page, 'keyboard')
    try {
      await signIn(page, service.adminKey, '/api-keys', 'keyboard')
      await heading(page, 'API keys')
      await user.fill(page.getByLabel("User's email"), 'ci@dashboard.test')
      await user.fill(page.getByLabel('Name (optional)'), 'CI pipeline')
      await user.click(page.getByRole('button', { name: 'Create key' }))
      const key = (await page.getByTestId('secret-value').textContent()) ?? ''
      expect(key).toMatch(/^fc_[0-9A-Za-z]{43}$/)
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('shown only this once')
      expect(await runAxe(page)).toEqual([])
      await screenshot(page, 'admin-api-key-created')
      await user.click(page.getByRole('button', { name: 'I have stored it' }))
      expect(await page.getByTestId('secret-value').count()).toBe(0)

      // The new key signs in elsewhere; revoking it here ends that session.
      const other = await browser.newPage(service.baseUrl)
      try {
        await signIn(other.page, key, '/results')
        expect((await other.context.request.get('/api/v1/sessions/current')).status()).toBe(200)
        const row = page.getByRole('row').filter({ hasText: 'ci@dashboard.test' })
        await user.click(row.getByRole('button', { name: /Revoke/ }))
        const dialog = page.getByRole('dialog', { name: /Revoke the key/ })
        await dialog.waitFor()
        expect(await runAxe(page)).toEqual([])
        await user.click(dialog.getByRole('button', { name: 'Revoke key' }))
        await expect.poll(() => row.textContent()).toContain('revoked')
        expect((await other.context.request.get('/api/v1/sessions/current')).status()).toBe(401)
      } finally {
        await other.close()
      }

      await user.click(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }))
      await heading(page, 'Settings')
      await user.fill(page.getByLabel(/Score threshold/), '75')
      await user.fill(page.getByLabel(/Warn about expiring exceptions/), '21')
      await user.click(page.getByRole('button', { name: 'Save settings' }))
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Settings saved.' }).count()).toBe(1)
      const saved = await service.api('GET', '/api/v1/org-settings', service.adminKey)
      expect(await saved.json()).toMatchObject({ scoreThreshold: 75, exceptionWarningDays: 21 })
      await screenshot(page, 'admin-settings')

      // 55 more entries so the audit log has a second page.
      for (let index = 0; index < 55; index++) {
        const res = await service.api('PATCH', '/api/v1/org-settings', service.adminKey, {
          exceptionWarningDays: 30 + (index % 2),
        })
        expect(res.status).toBe(200)
      }
      await user.click(
        page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }),
      )
      await heading(page, 'Audit log')
      const entries = page.getByRole('table', { name: /Audit log entries/ }).getByRole('row')
      await expect.poll(() => entries.count()).toBe(51)
      expect(await runAxe(page)).toEqual([])
      await screenshot(page, 'admin-audit-log')
      await user.click(page.getByRole('button', { name: 'Next' }))
      await expect.poll(() => page.getByText('Page 2').count()).toBe(1)
      const all = await service.api('GET', '/api/v1/audit-log?limit=200', service.adminKey)
      const total = ((await all.json()) as { items: unknown[] }).items.length
      expect(total).toBeGreaterThan(50)
      await expect.poll(() => entries.count()).toBe(1 + total - 50)
      expect(await entries.allTextContents()).toEqual(
        expect.arrayContaining([expect.stringContaining('api_key.created')]),
      )
      await user.click(page.getByRole('button', { name: 'Previous' }))
      await expect.poll(() => page.getByText('Page 1').count()).toBe(1)

      await user.fill(page.getByLabel('Action'), 'api_key.revoked')
      await user.click(page.getByRole('button', { name: 'Filter' }))
      await expect.poll(() => entries.count()).toBe(2)
      expect(await entries.nth(1).textContent()).toContain('api_key.revoked')
      expect(new URL(page.url()).search).toBe('?action=api_key.revoked')
      expect(tab.problems).toEqual(NO_PROBLEMS)
    } finally {
      await tab.close()
    }
  }, 120_000)
})
