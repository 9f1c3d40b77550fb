/**
 * Smoke test of the dashboard as served by the real service: a page asked for without a session
 * goes to sign-in and back; the strict CSP is on every dashboard response; nothing is blocked or
 * fetched from elsewhere; no serious accessibility violation on the sign-in and results pages.
 */
import { describe, expect, it } from 'vitest'
import { chromiumAvailable, NO_PROBLEMS, runAxe, screenshot, signIn } from '../helpers/dashboard-browser.js'
import { useDashboard } from '../helpers/dashboard-suite.js'

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

describe.skipIf(!chromiumAvailable())('dashboard smoke (Chromium, real service on SQLite)', () => {
  const dashboard = useDashboard()

  it('a page without a session goes to sign-in and back after signing in; CSP on pages and assets', async () => {
    const { service, browser } = dashboard
    const tab = await browser.newPage(service.baseUrl)
    try {
      const first = await tab.page.goto('/results?passed=false')
      expect(tab.page.url()).toBe(
        `${service.baseUrl}/sign-in?next=${encodeURIComponent('/results?passed=false')}`,
      )
      expect(first?.headers()['content-security-policy']).toBe(CSP)
      expect(first?.headers()['x-frame-options']).toBe('DENY')
      await tab.page.getByLabel('API key').waitFor()
      expect(await runAxe(tab.page)).toEqual([])
      await screenshot(tab.page, 'sign-in')

      await tab.page.getByLabel('API key').fill('fc_not-a-real-key')
      await tab.page.getByRole('button', { name: 'Sign in' }).click()
      await expect.poll(() => tab.page.getByRole('alert').textContent()).toContain('not valid')

      await signIn(tab.page, service.adminKey, '/results?passed=false')
      expect(new URL(tab.page.url()).pathname + new URL(tab.page.url()).search).toBe('/results?passed=false')
      await tab.page.getByRole('heading', { level: 1, name: 'Results' }).waitFor()
      expect(await runAxe(tab.page)).toEqual([])

      const script = await tab.page.locator('script[src^="/assets/"]').first().getAttribute('src')
      const asset = await fetch(`${service.baseUrl}${script}`)
      expect(asset.status).toBe(200)
      expect(asset.headers.get('content-security-policy')).toBe(CSP)
      expect(asset.headers.get('content-type')).toMatch(/javascript/)
      expect(tab.problems).toEqual(NO_PROBLEMS)
    } finally {
      await tab.close()
    }
  }, 60_000)
})
