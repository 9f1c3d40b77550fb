/**
 * Every dashboard page, with data behind it, as an admin and as a member, on a desktop and on a
 * 360 px wide window: axe-core finds no serious or critical violation, nothing scrolls sideways
 * at 360 px (neither the page nor a table inside its frame: list tables stack as cards, every
 * cell in view), no CSP violation, console error or request to another origin; a screenshot of
 * each into test-artifacts/screenshots/. At 360 px the results table is still a table to
 * Chromium's accessibility tree (column headers, cells).
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumAvailable, NO_PROBLEMS, runAxe, screenshot, signIn } from '../helpers/dashboard-browser.js'
import { useDashboard } from '../helpers/dashboard-suite.js'
import { corpusBytes, MANY_FINDINGS_FILE } from '../helpers/validation-test-kit.js'
import { startReceiver, type TestReceiver } from '../webhooks/delivery-test-kit.js'

const WIDTHS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'narrow', viewport: { width: 360, height: 740 } },
] as const

interface Ids {
  webhookId: string
  deliveryId: string
  validationId: string
  projectName: string | null
  exceptionId: string
}

/**
 * Every page path (the contract's list) with real ids; `admin` pages show members "admins only";
 * `list` pages show a table of the data made in beforeAll (checked for sideways scroll at 360 px).
 */
function pagesOf(ids: Ids): { path: string; name: string; admin?: boolean; list?: boolean }[] {
  return [
    { path: '/', name: 'overview' },
    { path: '/projects', name: 'projects', list: ids.projectName !== null },
    ...(ids.projectName === null
      ? []
      : [{ path: `/projects/${encodeURIComponent(ids.projectName)}`, name: 'project' }]),
    { path: '/results', name: 'results', list: true },
    { path: '/results/new', name: 'result-new' },
    { path: `/results/${ids.validationId}`, name: 'result' },
    { path: '/exceptions', name: 'exceptions', list: true },
    { path: '/exceptions/new', name: 'exception-new' },
    { path: `/exceptions/${ids.exceptionId}`, name: 'exception' },
    { path: '/webhooks', name: 'webhooks', admin: true, list: true },
    { path: '/webhooks/new', name: 'webhook-new', admin: true },
    { path: `/webhooks/${ids.webhookId}`, name: 'webhook', admin: true },
    { path: `/webhooks/${ids.webhookId}/deliveries`, name: 'deliveries', admin: true, list: true },
    { path: `/deliveries/${ids.deliveryId}`, name: 'delivery', admin: true },
    { path: '/settings', name: 'settings' },
    { path: '/api-keys', name: 'api-keys' },
    { path: '/audit-log', name: 'audit-log', admin: true, list: true },
  ]
}

/** Waits until the page has its heading and nothing is loading any more. */
async function settled(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1 }).waitFor()
  await page.locator('.state-loading').waitFor({ state: 'detached' })
  await page.waitForLoadState('networkidle')
}

interface NarrowLayout {
  /** document.documentElement.scrollWidth: more than the window's 360 px means sideways scroll. */
  scrollWidth: number
  tables: number
  /** Table frames whose content is wider than the frame (they would scroll inside it). */
  scrollingTables: number
  /** Body cells whose right edge is past the window, as `<column>: <text>`. */
  cellsOutOfView: string[]
}

/** How the page lays out at a narrow window; a string so the test code needs no DOM library. */
async function narrowLayout(page: Page): Promise<NarrowLayout> {
  return page.evaluate<NarrowLayout>(`(() => {
    const width = document.documentElement.clientWidth
    const frames = Array.from(document.querySelectorAll('.table-wrap'))
    const cells = Array.from(document.querySelectorAll('tbody td, tbody th'))
    return {
      scrollWidth: document.documentElement.scrollWidth,
      tables: document.querySelectorAll('table').length,
      scrollingTables: frames.filter((frame) => frame.scrollWidth > frame.clientWidth).length,
      cellsOutOfView: cells
        .filter((cell) => cell.getBoundingClientRect().right > width + 0.5)
        .map((cell) => (cell.dataset.label || '?') + ': ' + cell.textContent.trim().slice(0, 40)),
    }
  })()`)
}

/**
 * The roles (with names for column headers) of the first table in Chromium's own accessibility
 * tree, the one screen readers get: CSS that changes a table's display can drop its semantics.
 */
async function accessibleTableRoles(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page)
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: { role?: { value?: string }; name?: { value?: string }; ignored?: boolean }[]
    }
    const roles = new Set<string>()
    for (const node of nodes) {
      if (node.ignored === true) continue
      const role = String(node.role?.value ?? '')
      if (role === 'table' || role === 'cell' || role === 'row') roles.add(role)
      if (role === 'columnheader') roles.add(`columnheader ${node.name?.value ?? ''}`)
    }
    return [...roles].sort()
  } finally {
    await cdp.detach()
  }
}

describe.skipIf(!chromiumAvailable())('every dashboard page: axe, 360 px, CSP, screenshots', () => {
  const dashboard = useDashboard()
  let receiver: TestReceiver
  let ids: Ids

  beforeAll(async () => {
    const { service } = dashboard
    receiver = await startReceiver()
    const admin = service.adminKey
    const webhook = await service.api('POST', '/api/v1/org-webhooks', admin, {
      url: receiver.url,
      events: ['*'],
      description: 'Every page receiver',
    })
    expect(webhook.status).toBe(201)
    const webhookId = ((await webhook.json()) as { id: string }).id
    const tested = await service.api('POST', `/api/v1/org-webhooks/${webhookId}/test`, admin)
    expect(tested.status).toBe(200)
    const deliveryId = ((await tested.json()) as { deliveryId: string }).deliveryId
    const validation = await service.api('POST', '/api/v1/validations', service.memberKey, {
      fileName: 'dos.xaml',
      contentBase64: corpusBytes(MANY_FINDINGS_FILE).toString('base64'),
      label: 'every-page',
    })
    expect(validation.status).toBe(201)
    const result = (await validation.json()) as {
      validationId: string
      projectName?: string | null
      findings: { ruleId: string; location: string }[]
    }
    const finding = result.findings[0]
    expect(finding).toBeDefined()
    const requested = await service.api('POST', '/api/v1/exceptions', service.memberKey, {
      ruleId: finding?.ruleId,
      fileName: 'dos.xaml',
      location: finding?.location,
      reason: 'Every page: a requested exception to show.',
      expiresAt: new Date(Date.now() + 30 * 24 * 60 * 60 * 1000).toISOString(),
    })
    expect(requested.status).toBe(201)
    ids = {
      webhookId,
      deliveryId,
      validationId: result.validationId,
      projectName: result.projectName ?? null,
      exceptionId: ((await requested.json()) as { id: string }).id,
    }
  }, 120_000)
  afterAll(async () => {
    await receiver?.close()
  })

  for (const role of ['admin', 'member'] as const) {
    for (const width of WIDTHS) {
      it(`${role}, ${width.name}`, async () => {
        const { service, browser } = dashboard
        const tab = await browser.newPage(service.baseUrl, { viewport: width.viewport })
        try {
          await signIn(tab.page, role === 'admin' ? service.adminKey : service.memberKey)
          const found: Record<string, unknown> = {}
          for (const page of pagesOf(ids)) {
            await tab.page.goto(page.path)
            await settled(tab.page)
            // A member on an admin page gets the "admins only" state, not the API's 403.
            if (page.admin === true && role === 'member') {
              const adminsOnly = await tab.page.getByText('is for admins only').count()
              if (adminsOnly !== 1) found[`${page.path} without the admins-only state`] = adminsOnly
              if ((await tab.page.getByRole('alert').count()) > 0) found[`${page.path} shows an error`] = true
            }
            const violations = await runAxe(tab.page)
            if (violations.length > 0) found[page.path] = violations
            if (width.name === 'narrow') {
              const narrow = await narrowLayout(tab.page)
              if (narrow.scrollWidth > 360) found[`${page.path} is wider than 360 px`] = narrow.scrollWidth
              if (narrow.scrollingTables > 0)
                found[`${page.path} tables scrolling sideways`] = narrow.scrollingTables
              if (narrow.cellsOutOfView.length > 0)
                found[`${page.path} cells out of view`] = narrow.cellsOutOfView
              const showsList = page.list === true && !(page.admin === true && role === 'member')
              if (showsList && narrow.tables === 0) found[`${page.path} shows no table`] = true
              if (page.name === 'results') {
                const roles = await accessibleTableRoles(tab.page)
                if (!roles.includes('table'))
                  found['/results at 360 px is no table to screen readers'] = roles
                for (const header of ['Platform', 'Pack', 'Validated']) {
                  if (!roles.includes(`columnheader ${header}`))
                    found[`/results lacks column header ${header}`] = roles
                }
                if (!roles.includes('cell')) found['/results at 360 px has no cells'] = roles
              }
            }
            await screenshot(tab.page, `${role}-${width.name}-${page.name}`)
          }
          expect(found).toEqual({})
          expect(tab.problems).toEqual(NO_PROBLEMS)
        } finally {
          await tab.close()
        }
      }, 120_000)
    }
  }
})
