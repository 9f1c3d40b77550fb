/**
 * Issue 13, test 3, in Chromium against the real service (SQLite): the links that messages carry
 * land on real pages. A Slack webhook and a generic one deliver to a local receiver; a validation
 * and an exception entering its warning window (the expiry scan run by `flowcerta jobs run`) make
 * real deliveries; the generic below-threshold body's `resultUrl` and the Slack buttons' URLs are opened in a
 * browser without a session: sign-in comes first, then the page shows that result and that
 * exception. Once with the mouse (axe, screenshots), once by keyboard only.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  chromiumAvailable,
  NO_PROBLEMS,
  runAxe,
  screenshot,
  signIn,
  userOf,
} from '../helpers/dashboard-browser.js'
import type { DashboardService } from '../helpers/dashboard-service.js'
import { useDashboard } from '../helpers/dashboard-suite.js'
import { runCli } from '../helpers/run-cli.js'
import { corpusBytes, MANY_FINDINGS_FILE } from '../helpers/validation-test-kit.js'
import { startReceiver, type TestReceiver } from '../webhooks/delivery-test-kit.js'

/** Links in messages use the public URL; the test opens their path on the service it started. */
const PUBLIC_URL = 'http://flowcerta.example.test'
const DAY_MS = 86_400_000

interface Links {
  validationId: string
  exceptionId: string
  ruleId: string
  /** `data.resultUrl` of the generic validation.below_threshold delivery. */
  resultUrl: string
  /** The Slack validation.completed message's "View result" button. */
  slackResultButton: string
  /** The Slack exception.expiring_soon message's "Renew exception" button. */
  slackExceptionButton: string
}

function bodies(receiver: TestReceiver): unknown[] {
  return receiver.received.map((request) => JSON.parse(request.body.toString('utf8')) as unknown)
}

/** Every button URL of a Slack Block Kit message. */
function slackButtonUrls(message: unknown): string[] {
  const blocks = (message as { blocks?: { type: string; elements?: { url?: string }[] }[] }).blocks ?? []
  return blocks
    .filter((block) => block.type === 'actions')
    .flatMap((block) => block.elements ?? [])
    .map((element) => element.url)
    .filter((url): url is string => typeof url === 'string')
}

async function waitForValue<T>(what: string, find: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const found = find()
    if (found !== undefined) return found
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** Real deliveries: two webhooks, one validation, one exception in its warning window. */
async function makeDeliveries(service: DashboardService, receiver: TestReceiver): Promise<Links> {
  const call = async (method: string, path: string, key: string, body?: unknown) => {
    const response = await service.api(method, path, key, body)
    const text = await response.text()
    expect(response.status, `${method} ${path}: ${text}`).toBeLessThan(300)
    return JSON.parse(text) as Record<string, unknown>
  }
  // dos.xaml scores 68: under the threshold, so validation.below_threshold (which carries resultUrl) fires.
  await call('PATCH', '/api/v1/org-settings', service.adminKey, { scoreThreshold: 80 })
  const events = ['validation.completed', 'validation.below_threshold', 'exception.expiring_soon']
  await call('POST', '/api/v1/org-webhooks', service.adminKey, { url: receiver.url, events, target: 'slack' })
  await call('POST', '/api/v1/org-webhooks', service.adminKey, {
    url: receiver.url,
    events,
    target: 'generic',
  })

  const result = await call('POST', '/api/v1/validations', service.memberKey, {
    fileName: 'dos.xaml',
    contentBase64: corpusBytes(MANY_FINDINGS_FILE).toString('base64'),
  })
  const validationId = result.validationId as string
  const finding = (result.findings as { ruleId: string; location: string }[])[0] as {
    ruleId: string
    location: string
  }
  const requested = await call('POST', '/api/v1/exceptions', service.memberKey, {
    ruleId: finding.ruleId,
    fileName: 'dos.xaml',
    location: finding.location,
    reason: 'Demo tenant only.',
    expiresAt: new Date(Date.now() + 3 * DAY_MS).toISOString(),
  })
  const exceptionId = requested.id as string
  await call('POST', `/api/v1/exceptions/${exceptionId}/approve`, service.adminKey, {})
  // The scheduler's job, run now: the exception expires within the warning window (7 days).
  const scan = await runCli(['jobs', 'run', 'exception-expiry-scan', '--json'], {
    FLOWCERTA_DATA_DIR: service.dataDir,
    FLOWCERTA_DATABASE_URL: '',
  })
  expect(scan.code, scan.stderr).toBe(0)
  expect(JSON.parse(scan.stdout)).toMatchObject({ warned: 1 })

  const resultUrl = await waitForValue('generic validation.below_threshold delivery', () => {
    const event = bodies(receiver).find(
      (body) => (body as { event?: string }).event === 'validation.below_threshold',
    ) as { data: { resultUrl: string } } | undefined
    return event?.data.resultUrl
  })
  const slackUrls = () => bodies(receiver).flatMap(slackButtonUrls)
  const slackResultButton = await waitForValue('Slack result button', () =>
    slackUrls().find((url) => url.includes('/results/')),
  )
  const slackExceptionButton = await waitForValue('Slack exception button', () =>
    slackUrls().find((url) => url.includes('/exceptions/')),
  )
  return {
    validationId,
    exceptionId,
    ruleId: finding.ruleId,
    resultUrl,
    slackResultButton,
    slackExceptionButton,
  }
}

/** The link's path and query, checked to be on the configured public URL. */
function pathOf(link: string): string {
  const url = new URL(link)
  expect(url.origin).toBe(PUBLIC_URL)
  return `${url.pathname}${url.search}`
}

async function expectResultPage(page: Page, links: Links): Promise<void> {
  await page.waitForURL(`**/results/${links.validationId}`)
  await page.getByRole('heading', { level: 2, name: 'Findings by file' }).waitFor()
  await page.getByRole('heading', { level: 3, name: /^dos\.xaml/ }).waitFor()
}

async function expectExceptionPage(page: Page, links: Links): Promise<void> {
  await page.waitForURL(`**/exceptions/${links.exceptionId}`)
  const facts = page.locator('.facts')
  await facts.waitFor()
  expect(await facts.textContent()).toContain(links.ruleId)
  expect(await facts.textContent()).toContain('approved')
}

describe.skipIf(!chromiumAvailable())(
  'links in messages open dashboard pages (Chromium, real service)',
  () => {
    const dashboard = useDashboard({ env: { FLOWCERTA_PUBLIC_URL: PUBLIC_URL } })
    let receiver: TestReceiver
    let links: Links

    beforeAll(async () => {
      receiver = await startReceiver()
      links = await makeDeliveries(dashboard.service, receiver)
    }, 120_000)
    afterAll(async () => {
      await receiver?.close()
    })

    it('every link names the result or the exception it was sent about', () => {
      expect(pathOf(links.resultUrl)).toBe(`/results/${links.validationId}`)
      expect(pathOf(links.slackResultButton)).toBe(`/results/${links.validationId}`)
      expect(pathOf(links.slackExceptionButton)).toBe(`/exceptions/${links.exceptionId}`)
    })

    it.each([
      ['resultUrl', (l: Links) => l.resultUrl, expectResultPage, 'link-result-url'],
      [
        'Slack "View result" button',
        (l: Links) => l.slackResultButton,
        expectResultPage,
        'link-slack-result',
      ],
      [
        'Slack "Renew exception" button',
        (l: Links) => l.slackExceptionButton,
        expectExceptionPage,
        'link-slack-exception',
      ],
    ] as const)(
      'the %s opens, after sign-in, the page it names',
      async (_name, pick, expectPage, shot) => {
        const tab = await dashboard.browser.newPage(dashboard.service.baseUrl)
        try {
          const path = pathOf(pick(links))
          await tab.page.goto(path)
          expect(tab.page.url()).toBe(`${dashboard.service.baseUrl}/sign-in?next=${encodeURIComponent(path)}`)
          await tab.page.getByLabel('API key').fill(dashboard.service.memberKey)
          await tab.page.getByRole('button', { name: 'Sign in' }).click()
          await expectPage(tab.page, links)
          // A member's page: no admin control.
          expect(await tab.page.getByRole('button', { name: /^(Approve|Reject|Revoke)/ }).count()).toBe(0)
          expect(await runAxe(tab.page)).toEqual([])
          await screenshot(tab.page, shot)
          expect(tab.problems).toEqual(NO_PROBLEMS)
        } finally {
          await tab.close()
        }
      },
      60_000,
    )

    it('by keyboard only: sign in from each link, then act on the page it names', async () => {
      const tab = await dashboard.browser.newPage(dashboard.service.baseUrl)
      try {
        const page = tab.page
        const keys = userOf(page, 'keyboard')
        const signInByKeys = async (link: string) => {
          await page.goto(pathOf(link))
          // The key field has focus when the sign-in page opens; Enter submits.
          await page.waitForFunction(
            "document.activeElement !== null && document.activeElement.id === 'api-key'",
          )
          await page.keyboard.type(dashboard.service.memberKey)
          await page.keyboard.press('Enter')
        }
        await signInByKeys(links.resultUrl)
        await expectResultPage(page, links)
        await keys.click(page.getByRole('link', { name: /^Request an exception for / }).first())
        await page.getByRole('heading', { level: 1, name: 'Request an exception' }).waitFor()

        await tab.context.clearCookies()
        await signInByKeys(links.slackExceptionButton)
        await expectExceptionPage(page, links)
        await keys.click(page.getByRole('button', { name: 'Renew…' }))
        await page.getByRole('button', { name: 'Renew', exact: true }).waitFor()
        await screenshot(page, 'keyboard-link-exception-renew-form')
        expect(tab.problems).toEqual(NO_PROBLEMS)
      } finally {
        await tab.close()
      }
    }, 60_000)

    it('signed in already, a link opens its page at once', async () => {
      const tab = await dashboard.browser.newPage(dashboard.service.baseUrl)
      try {
        await signIn(tab.page, dashboard.service.adminKey)
        await tab.page.goto(pathOf(links.slackExceptionButton))
        await expectExceptionPage(tab.page, links)
        // An admin may revoke it; the member's page above offered no such control.
        await tab.page.getByRole('button', { name: 'Revoke…' }).waitFor()
        expect(tab.problems).toEqual(NO_PROBLEMS)
      } finally {
        await tab.close()
      }
    }, 60_000)
  },
)
