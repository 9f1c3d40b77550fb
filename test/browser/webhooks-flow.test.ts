/**
 * Issue 13, browser test 1 — the webhook flow through the dashboard against the real service and a
 * real local receiver: sign in; create a webhook; its secret is shown once and gone after a
 * reload; send a test; the delivery shows status 200 and the request headers as sent; the
 * receiver fails, the attempt's error shows; it recovers and a redelivery succeeds. Then the rest
 * of a webhook's life: edit, disable/enable, rotate the secret, recover, delete.
 * Runs with the mouse and once by keyboard only on SQLite, and once on PostgreSQL.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  chromiumAvailable,
  NO_PROBLEMS,
  runAxe,
  screenshot,
  signIn,
  type User,
  userOf,
} from '../helpers/dashboard-browser.js'
import type { DashboardService } from '../helpers/dashboard-service.js'
import { useDashboard } from '../helpers/dashboard-suite.js'
import { TEST_DATABASE_URL_ENV } from '../helpers/test-stores.js'
import { startReceiver, type TestReceiver } from '../webhooks/delivery-test-kit.js'

type Mode = 'mouse' | 'keyboard'

/** A receiver that answers 200, or 500 "receiver down" after `fail(true)`. */
async function switchableReceiver(): Promise<TestReceiver & { fail(failing: boolean): void }> {
  let failing = false
  const receiver = await startReceiver((_request, response) => {
    if (failing) response.writeHead(500, { 'content-type': 'text/plain' }).end('receiver down')
    else response.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
  })
  return {
    ...receiver,
    fail: (value) => {
      failing = value
    },
  }
}

async function heading(page: Page, name: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor()
}

/** The rows of the deliveries table (header row included). */
function deliveryRows(page: Page): Promise<number> {
  return page
    .getByRole('table', { name: /Deliveries/ })
    .getByRole('row')
    .count()
}

async function expectAccessible(page: Page, shot: string): Promise<void> {
  expect(await runAxe(page), shot).toEqual([])
  await screenshot(page, shot)
}

/** Create → secret once → reload → test → delivery with headers → failing → error → redeliver. */
async function webhookFlow(page: Page, user: User, service: DashboardService, shot: string): Promise<string> {
  const receiver = await switchableReceiver()
  try {
    await signIn(page, service.adminKey, '/webhooks', user.keyboard ? 'keyboard' : 'mouse')
    await heading(page, 'Webhooks')
    await expect.poll(() => page.getByText('No webhooks yet').count()).toBe(1)
    await expectAccessible(page, `${shot}-webhooks-empty`)

    await user.click(page.getByRole('link', { name: 'New webhook' }))
    await heading(page, 'New webhook')
    await page.getByLabel('validation.completed').waitFor()
    await expectAccessible(page, `${shot}-webhook-new`)
    await user.fill(page.getByLabel('Receiver URL'), receiver.url)
    await user.check(page.getByLabel('validation.completed'))
    await user.fill(page.getByLabel('Description (optional)'), `${shot} receiver`)
    await user.click(page.getByRole('button', { name: 'Create webhook' }))

    const secret = (await page.getByTestId('secret-value').textContent()) ?? ''
    expect(secret).toMatch(/^whsec_/)
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('shown only this once')
    await user.click(page.getByRole('button', { name: 'Copy to clipboard' }))
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Cop' }).textContent())
      .toMatch(/Copied|select the text/)
    await expectAccessible(page, `${shot}-webhook-secret`)

    await page.reload()
    await heading(page, 'New webhook')
    await page.getByLabel('Receiver URL').waitFor()
    expect(await page.content()).not.toContain(secret)
    expect(await page.getByTestId('secret-value').count()).toBe(0)

    await user.click(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }))
    await heading(page, 'Webhooks')
    const row = page.getByRole('row').filter({ hasText: `${shot} receiver` })
    await expect.poll(() => row.textContent()).toContain('validation.completed')
    expect(await row.textContent()).toContain('enabled')
    await expectAccessible(page, `${shot}-webhooks-list`)
    await user.click(row.getByRole('link', { name: `${shot} receiver` }))
    await heading(page, 'Webhook')
    const webhookPath = new URL(page.url()).pathname

    // A test that succeeds: outcome inline, then the delivery with the request as it was sent.
    await user.click(page.getByRole('button', { name: 'Send a test' }))
    const outcome = page.getByRole('region', { name: /Test delivery/ })
    await expect.poll(() => outcome.textContent()).toContain('Test delivery succeeded')
    expect(await outcome.textContent()).toContain('succeeded · 200')
    await expectAccessible(page, `${shot}-webhook`)
    expect(receiver.received).toHaveLength(1)
    const sent = receiver.received[0]?.headers ?? {}
    expect(sent['x-flowcerta-signature']).toMatch(/^sha256=/)

    await user.click(outcome.getByRole('link', { name: 'See the delivery' }))
    await heading(page, 'Delivery')
    const headers = page.getByRole('table', { name: 'Request headers' })
    const signatureRow = headers.getByRole('row').filter({ hasText: 'x-flowcerta-signature' })
    expect(await signatureRow.textContent()).toContain(String(sent['x-flowcerta-signature']))
    expect(await headers.getByRole('row').filter({ hasText: 'webhook-signature' }).count()).toBe(1)
    expect(await page.getByText('succeeded · 200').count()).toBeGreaterThan(0)
    const attempts = page.getByRole('table', { name: /Attempts/ })
    expect(await attempts.getByRole('row').count()).toBe(2) // header + one attempt
    await expectAccessible(page, `${shot}-delivery-succeeded`)

    // The receiver fails: the attempt's error shows; it recovers and a redelivery succeeds.
    receiver.fail(true)
    await user.click(page.getByRole('link', { name: 'All deliveries of this webhook' }))
    await heading(page, 'Deliveries')
    await expect.poll(() => deliveryRows(page)).toBe(2)
    await expectAccessible(page, `${shot}-deliveries`)
    await user.click(page.getByRole('link', { name: 'Back to the webhook' }))
    await heading(page, 'Webhook')
    await user.click(page.getByRole('button', { name: 'Send a test' }))
    await expect.poll(() => outcome.textContent()).toContain('Test delivery failed')
    expect(await outcome.textContent()).toContain('http_error')
    await user.click(outcome.getByRole('link', { name: 'See the delivery' }))
    await heading(page, 'Delivery')
    const failedAttempt = attempts.getByRole('row').nth(1)
    await expect.poll(() => failedAttempt.textContent()).toContain('http_error')
    expect(await failedAttempt.textContent()).toContain('500')
    expect(await failedAttempt.textContent()).toContain('receiver down')
    await expectAccessible(page, `${shot}-delivery-failed`)

    receiver.fail(false)
    await user.click(page.getByRole('button', { name: 'Redeliver' }))
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Queued again' }).count()).toBe(1)
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Refresh' }).click()
          return attempts.getByRole('row').count()
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(3)
    expect(await attempts.getByRole('row').nth(2).textContent()).toContain('200')
    expect(receiver.received).toHaveLength(3)
    // Same delivery id on the redelivery, as the spec promises receivers.
    expect(receiver.received[2]?.headers['x-flowcerta-delivery']).toBe(
      receiver.received[1]?.headers['x-flowcerta-delivery'],
    )

    // Filters: the deliveries that succeeded (both, after the redelivery), none failed.
    await user.click(page.getByRole('link', { name: 'All deliveries of this webhook' }))
    await heading(page, 'Deliveries')
    await user.select(page.getByLabel('Status'), 'failed')
    await user.click(page.getByRole('button', { name: 'Filter' }))
    await expect.poll(() => page.getByText('No deliveries match').count()).toBe(1)
    expect(new URL(page.url()).search).toBe('?status=failed')
    await user.select(page.getByLabel('Status'), 'succeeded')
    await user.fill(page.getByLabel('Event'), 'webhook.test')
    await user.click(page.getByRole('button', { name: 'Filter' }))
    await expect.poll(() => deliveryRows(page)).toBe(3)
    return webhookPath
  } finally {
    await receiver.close()
  }
}

/** Edit, disable and enable, rotate (new secret once), recover, delete after confirming. */
async function manageWebhook(page: Page, user: User, webhookPath: string, shot: string): Promise<void> {
  await page.goto(webhookPath)
  await heading(page, 'Webhook')
  await user.click(page.getByRole('button', { name: 'Edit' }))
  const edit = page.getByRole('region', { name: 'Edit' })
  await user.fill(edit.getByLabel('Description (optional)'), `${shot} renamed`)
  await user.select(edit.getByLabel('Target (body format)'), 'slack')
  await user.click(edit.getByRole('button', { name: 'Save changes' }))
  await expect.poll(() => page.locator('.facts').textContent()).toContain(`${shot} renamed`)
  expect(await page.locator('.facts').textContent()).toContain('slack')

  await user.click(page.getByRole('button', { name: 'Disable' }))
  await expect.poll(() => page.locator('.facts').textContent()).toContain('disabled: turned off by an admin')
  await user.click(page.getByRole('button', { name: 'Enable' }))
  await expect.poll(() => page.locator('.facts').textContent()).toMatch(/State\s*enabled/)

  const preview = await page.locator('.facts').textContent()
  await user.click(page.getByRole('button', { name: 'Rotate secret' }))
  const rotateDialog = page.getByRole('dialog', { name: 'Rotate the signing secret?' })
  await rotateDialog.waitFor()
  await expectAccessible(page, `${shot}-rotate-dialog`)
  await user.click(rotateDialog.getByRole('button', { name: 'Rotate' }))
  const secret = (await page.getByTestId('secret-value').textContent()) ?? ''
  expect(secret).toMatch(/^whsec_/)
  await user.click(page.getByRole('button', { name: 'I have stored it' }))
  expect(await page.getByTestId('secret-value').count()).toBe(0)
  await page.reload()
  await heading(page, 'Webhook')
  await expect.poll(() => page.locator('.facts').textContent()).not.toBe(preview)

  await user.click(page.getByRole('button', { name: 'Send them again' }))
  await expect
    .poll(() =>
      page
        .getByRole('status')
        .filter({ hasText: /queued again|No failed/ })
        .count(),
    )
    .toBe(1)

  await user.click(page.getByRole('button', { name: 'Delete' }))
  const deleteDialog = page.getByRole('dialog', { name: 'Delete this webhook?' })
  await deleteDialog.waitFor()
  // Cancel first: nothing happens.
  await user.click(deleteDialog.getByRole('button', { name: 'Cancel' }))
  expect(await deleteDialog.isVisible()).toBe(false)
  await user.click(page.getByRole('button', { name: 'Delete' }))
  await user.click(deleteDialog.getByRole('button', { name: 'Delete webhook' }))
  await page.waitForURL((url) => url.pathname === '/webhooks')
  await expect.poll(() => page.getByText('No webhooks yet').count()).toBe(1)
}

function flowSuite(engine: 'sqlite' | 'postgres', modes: readonly Mode[]) {
  describe(`webhooks in the dashboard (${engine})`, () => {
    const dashboard = useDashboard({ engine })

    for (const mode of modes) {
      it(`create, secret once, test, delivery with headers, failure, redeliver; edit, disable, rotate, recover, delete (${mode})`, async () => {
        const { service, browser } = dashboard
        const tab = await browser.newPage(service.baseUrl)
        await tab.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: service.baseUrl })
        try {
          const user = userOf(tab.page, mode)
          const shot = `${engine}-${mode}`
          const webhookPath = await webhookFlow(tab.page, user, service, shot)
          await manageWebhook(tab.page, user, webhookPath, shot)
          expect(tab.problems).toEqual(NO_PROBLEMS)
        } finally {
          await tab.close()
        }
      }, 120_000)
    }
  })
}

describe.skipIf(!chromiumAvailable())('issue 13 test 1', () => {
  flowSuite('sqlite', ['mouse', 'keyboard'])
  // The whole flow once on PostgreSQL (CI sets the URL; without it the PostgreSQL cases are skipped
  // everywhere in the suite, see test/helpers/test-stores.ts).
  if (process.env[TEST_DATABASE_URL_ENV]) flowSuite('postgres', ['mouse'])
})
