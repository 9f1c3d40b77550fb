/**
 * Issue 13, test 2, in Chromium against the real service (SQLite): upload a real XAML and a
 * corpus project zipped on the fly; each result page lists its findings by file; a member requests
 * an exception on one finding from the result page, an admin approves it from the approval queue;
 * the same file validated again shows that finding waived by that exception; the member asks to
 * renew it and the admin approves the renewal. Done once with the mouse (axe on every page, a
 * screenshot of each) and once by keyboard only. No CSP violation, no request to another origin.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { zipFiles } from '../../src/input/archive/zip-writer.js'
import {
  chromiumAvailable,
  clickAndAwaitWrite,
  type DashboardPage,
  NO_PROBLEMS,
  runAxe,
  screenshot,
  signIn,
  tabTo,
  userOf,
} from '../helpers/dashboard-browser.js'
import type { DashboardService } from '../helpers/dashboard-service.js'
import { useDashboard } from '../helpers/dashboard-suite.js'
import { TEST_DATABASE_URL_ENV } from '../helpers/test-stores.js'
import { corpusBytes, corpusProjectFiles, MANY_FINDINGS_FILE } from '../helpers/validation-test-kit.js'

/** A named REFramework project with findings in five of its files. */
const PROJECT_FOLDER = 'k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'
const PROJECT_NAME = 'ReFramework_WorkflowAnalyzer'
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'

interface ApiFinding {
  ruleId: string
  location: string
  waived: boolean
  exceptionId: string | null
  path?: string
}

/** What the page shows must be what the API stored: read it beside the browser. */
async function apiJson<T>(service: DashboardService, path: string): Promise<T> {
  const response = await service.api('GET', path, service.adminKey)
  expect(response.status).toBe(200)
  return (await response.json()) as T
}

/** axe (no serious/critical violation) and a screenshot of the page as it is now. */
async function checkPage(tab: DashboardPage, name: string): Promise<void> {
  expect(await runAxe(tab.page), `axe on ${name}`).toEqual([])
  await screenshot(tab.page, name)
}

function idFrom(page: Page, section: 'results' | 'exceptions'): string {
  const match = new RegExp(`^/${section}/(${UUID})$`).exec(new URL(page.url()).pathname)
  expect(match, page.url()).not.toBeNull()
  return match?.[1] ?? ''
}

const projectZip = () => zipFiles(corpusProjectFiles(PROJECT_FOLDER))
const xamlFile = () => ({
  name: 'dos.xaml',
  mimeType: 'application/xml',
  buffer: corpusBytes(MANY_FINDINGS_FILE),
})

/**
 * The suite on one engine. SQLite runs everything (the later tests count what the earlier ones
 * made); PostgreSQL, when FLOWCERTA_TEST_DATABASE_URL is set, runs the whole mouse flow once.
 */
function governanceSuite(engine: 'sqlite' | 'postgres') {
  describe(`dashboard governance flow (Chromium, real service on ${engine})`, () => {
    const dashboard = useDashboard({ engine })
    const shot = (name: string) => (engine === 'sqlite' ? name : `${engine}-${name}`)

    /** A member's and an admin's tab (own cookies each); neither may see a CSP violation, console error or foreign request. */
    async function asMemberAndAdmin(flow: (member: DashboardPage, admin: DashboardPage) => Promise<void>) {
      const member = await dashboard.browser.newPage(dashboard.service.baseUrl)
      const admin = await dashboard.browser.newPage(dashboard.service.baseUrl)
      try {
        await flow(member, admin)
        expect(member.problems).toEqual(NO_PROBLEMS)
        expect(admin.problems).toEqual(NO_PROBLEMS)
      } finally {
        await member.close()
        await admin.close()
      }
    }

    it(
      'uploads, lists findings by file, requests, approves, waives and renews an exception',
      () =>
        asMemberAndAdmin(async (member, admin) => {
          const page = member.page
          await signIn(page, dashboard.service.memberKey, '/results')
          await page.getByRole('link', { name: 'Validate a workflow or project' }).click()
          await page.getByRole('heading', { level: 1, name: 'Validate a workflow or project' }).waitFor()
          await checkPage(member, shot('results-upload'))

          // A real XAML: its result page lists the findings under the file's name.
          await page.getByLabel('Workflow or project archive').setInputFiles(xamlFile())
          await page.getByLabel(/^Label/).fill('dashboard-test')
          await page.getByRole('button', { name: 'Validate' }).click()
          await page.waitForURL(new RegExp(`/results/${UUID}$`))
          const xamlResultId = idFrom(page, 'results')
          await page.getByRole('heading', { level: 2, name: 'Findings by file' }).waitFor()
          const stored = await apiJson<{ findings: ApiFinding[] }>(
            dashboard.service,
            `/api/v1/results/${xamlResultId}`,
          )
          expect(stored.findings.length).toBeGreaterThan(5)
          await page.getByRole('heading', { level: 3, name: /^dos\.xaml/ }).waitFor()
          expect(
            await page.getByRole('table', { name: 'Findings in dos.xaml' }).locator('tbody tr').count(),
          ).toBe(stored.findings.length)
          const ruleLink = page.getByRole('link', { name: stored.findings[0]?.ruleId ?? '' }).first()
          expect(await ruleLink.getAttribute('href')).toBe(`/docs/rules/${stored.findings[0]?.ruleId}`)
          await checkPage(member, shot('result-xaml'))

          // A corpus project zipped here: findings grouped under each file of the project.
          await page.goto('/results/new')
          await page
            .getByLabel('Workflow or project archive')
            .setInputFiles({ name: 'ReFramework.zip', mimeType: 'application/zip', buffer: projectZip() })
          await page.getByRole('button', { name: 'Validate' }).click()
          await page.waitForURL(new RegExp(`/results/${UUID}$`))
          const projectResultId = idFrom(page, 'results')
          await page.getByRole('heading', { level: 2, name: 'Findings by file' }).waitFor()
          const project = await apiJson<{ findings: ApiFinding[]; project: { files: { path: string }[] } }>(
            dashboard.service,
            `/api/v1/results/${projectResultId}`,
          )
          const filesWithFindings = [...new Set(project.findings.map((finding) => finding.path))]
          expect(filesWithFindings.length).toBeGreaterThan(1)
          for (const file of filesWithFindings) {
            const rows = page.getByRole('table', { name: `Findings in ${file}` }).locator('tbody tr')
            expect(await rows.count(), file).toBe(
              project.findings.filter((finding) => finding.path === file).length,
            )
          }
          expect(
            await page
              .getByRole('table', { name: "The project's files, lowest score first" })
              .locator('tbody tr')
              .count(),
          ).toBe(project.project.files.length)
          await checkPage(member, shot('result-project'))

          // The member requests an exception on the XAML's first finding, from its row.
          const target = stored.findings.find((finding) => !finding.waived) as ApiFinding
          await page.goto(`/results/${xamlResultId}`)
          await page
            .getByRole('link', { name: `Request an exception for ${target.ruleId} at ${target.location}` })
            .first()
            .click()
          await page.getByRole('heading', { level: 1, name: 'Request an exception' }).waitFor()
          expect(await page.getByLabel('Rule id').inputValue()).toBe(target.ruleId)
          expect(await page.getByLabel(/^Location/).inputValue()).toBe(target.location)
          await page
            .getByLabel(/^Why it is acceptable/)
            .fill('Test tenant only, removed with the next release.')
          await checkPage(member, shot('exception-request'))
          await page.getByRole('button', { name: 'Request the exception' }).click()
          await page.waitForURL(new RegExp(`/exceptions/${UUID}\\?requested=1$`))
          const exceptionId = idFrom(page, 'exceptions')
          await page.getByRole('status').filter({ hasText: 'Requested' }).waitFor()
          expect(await page.locator('.facts').textContent()).toContain('requested')
          // A member sees no admin controls.
          expect(await page.getByRole('button', { name: /^Approve/ }).count()).toBe(0)
          expect(await page.getByRole('button', { name: /^Reject/ }).count()).toBe(0)
          await checkPage(member, shot('exception-requested'))

          // The admin finds it in the approval queue and approves it.
          await signIn(admin.page, dashboard.service.adminKey, '/exceptions?view=queue')
          await admin.page.getByRole('heading', { level: 2, name: 'Requested' }).waitFor()
          await admin.page.getByRole('link', { name: target.ruleId }).first().waitFor()
          await checkPage(admin, shot('exceptions-approval-queue'))
          await admin.page.locator(`a[href="/exceptions/${exceptionId}"]`).click()
          await admin.page.getByRole('button', { name: 'Approve…' }).click()
          await admin.page.getByLabel('Note (optional)').fill('Accepted for the test tenant.')
          await checkPage(admin, shot('exception-approve-form'))
          await admin.page.getByRole('button', { name: 'Approve', exact: true }).click()
          await admin.page
            .getByRole('status')
            .filter({ hasText: 'Approve: done. The exception is approved.' })
            .waitFor()
          expect(
            (await apiJson<{ status: string }>(dashboard.service, `/api/v1/exceptions/${exceptionId}`))
              .status,
          ).toBe('approved')

          // Validated again, the same finding is waived by that exception, and the page says so.
          await page.goto('/results/new')
          await page.getByLabel('Workflow or project archive').setInputFiles(xamlFile())
          await page.getByLabel(/^Label/).fill('dashboard-test')
          await page.getByRole('button', { name: 'Validate' }).click()
          await page.waitForURL(
            (url) =>
              new RegExp(`^/results/${UUID}$`).test(url.pathname) &&
              url.pathname !== `/results/${xamlResultId}`,
          )
          const againId = idFrom(page, 'results')
          const again = await apiJson<{ findings: ApiFinding[] }>(
            dashboard.service,
            `/api/v1/results/${againId}`,
          )
          const waived = again.findings.filter((finding) => finding.waived)
          expect(
            waived.map((finding) => [finding.ruleId, finding.location, finding.exceptionId]),
          ).toContainEqual([target.ruleId, target.location, exceptionId])
          const waiverLinks = page.locator(`a[href="/exceptions/${exceptionId}"]`)
          await waiverLinks.first().waitFor()
          expect(await waiverLinks.count()).toBe(waived.length)
          expect(await waiverLinks.first().textContent()).toBe(`exception ${exceptionId.slice(0, 8)}`)
          await checkPage(member, shot('result-waived'))

          // The member asks to renew it; the admin approves the renewal.
          await waiverLinks.first().click()
          await page.waitForURL(`**/exceptions/${exceptionId}`)
          const before = await apiJson<{ expiresAt: string }>(
            dashboard.service,
            `/api/v1/exceptions/${exceptionId}`,
          )
          await page.getByRole('button', { name: 'Renew…' }).click()
          await page.getByLabel(/^Why it is still needed/).fill('The vault migration slipped a quarter.')
          await clickAndAwaitWrite(
            page,
            page.getByRole('button', { name: 'Renew', exact: true }),
            {
              method: 'POST',
              path: `/api/v1/exceptions/${exceptionId}/renew`,
            },
            dashboard.service.diagnose,
          )
          await page.getByRole('status').filter({ hasText: 'its renewal pending' }).waitFor()
          await checkPage(member, shot('exception-renewal-pending'))

          await admin.page.goto('/exceptions?view=queue')
          await admin.page
            .getByRole('heading', { level: 2, name: 'Renewals waiting for a decision' })
            .waitFor()
          await admin.page.locator(`a[href="/exceptions/${exceptionId}"]`).click()
          await admin.page.getByRole('button', { name: 'Approve the renewal…' }).click()
          await clickAndAwaitWrite(
            admin.page,
            admin.page.getByRole('button', { name: 'Approve the renewal', exact: true }),
            { method: 'POST', path: `/api/v1/exceptions/${exceptionId}/renewal/approve` },
            dashboard.service.diagnose,
          )
          await admin.page.getByRole('status').filter({ hasText: 'its renewal approved' }).waitFor()
          const renewed = await apiJson<{ expiresAt: string; renewal: { status: string } }>(
            dashboard.service,
            `/api/v1/exceptions/${exceptionId}`,
          )
          expect(renewed.renewal.status).toBe('approved')
          expect(Date.parse(renewed.expiresAt)).toBeGreaterThan(Date.parse(before.expiresAt))
          await checkPage(admin, shot('exception-renewed'))

          // The list pages, each with axe and a screenshot.
          await admin.page.goto('/exceptions')
          await admin.page.getByRole('table', { name: 'Risk exceptions, newest first' }).waitFor()
          await checkPage(admin, shot('exceptions-list'))
          await admin.page.goto('/exceptions?view=expiring')
          await admin.page.getByText('No approved exception expires soon.').waitFor()
          await checkPage(admin, shot('exceptions-expiring-soon'))
        }),
      180_000,
    )

    it.skipIf(engine !== 'sqlite')(
      'the same flow by keyboard only',
      () =>
        asMemberAndAdmin(async (member, admin) => {
          const page = member.page
          const keys = userOf(page, 'keyboard')
          const adminKeys = userOf(admin.page, 'keyboard')
          await signIn(page, dashboard.service.memberKey, '/results', 'keyboard')
          await waitForPageFocus(page, 'Results')
          await keys.click(page.getByRole('link', { name: 'Validate a workflow or project' }))
          await waitForPageFocus(page, 'Validate a workflow or project')
          await tabTo(page, page.getByLabel('Workflow or project archive'))
          const chooser = page.waitForEvent('filechooser')
          await page.keyboard.press('Space')
          await (await chooser).setFiles(xamlFile())
          await keys.fill(page.getByLabel(/^Label/), 'keyboard')
          await keys.click(page.getByRole('button', { name: 'Validate', exact: true }))
          await page.waitForURL(new RegExp(`/results/${UUID}$`))
          const resultId = idFrom(page, 'results')
          await page.getByRole('heading', { level: 2, name: 'Findings by file' }).waitFor()

          // The project archive, chosen from the file dialog by keyboard too.
          await page.goto('/results/new')
          await waitForPageFocus(page, 'Validate a workflow or project')
          await tabTo(page, page.getByLabel('Workflow or project archive'))
          const projectChooser = page.waitForEvent('filechooser')
          await page.keyboard.press('Space')
          await (await projectChooser).setFiles({
            name: 'ReFramework.zip',
            mimeType: 'application/zip',
            buffer: projectZip(),
          })
          await keys.click(page.getByRole('button', { name: 'Validate', exact: true }))
          await page.waitForURL(
            (url) => new RegExp(`^/results/${UUID}$`).test(url.pathname) && !url.pathname.endsWith(resultId),
          )
          await page.getByRole('heading', { level: 2, name: 'Files' }).waitFor()

          // Request an exception on a finding of the XAML result (a fresh one: not waived yet).
          await page.goto(`/results/${resultId}`)
          await waitForPageFocus(page, 'Result')
          const findings = (
            await apiJson<{ findings: ApiFinding[] }>(dashboard.service, `/api/v1/results/${resultId}`)
          ).findings
          const target = findings.filter((finding) => !finding.waived).at(-1) as ApiFinding
          await keys.click(
            page
              .getByRole('link', { name: `Request an exception for ${target.ruleId} at ${target.location}` })
              .first(),
          )
          await waitForPageFocus(page, 'Request an exception')
          await keys.fill(
            page.getByLabel(/^Why it is acceptable/),
            'Keyboard run: accepted risk for the demo tenant.',
          )
          await keys.click(page.getByRole('button', { name: 'Request the exception' }))
          await page.waitForURL(new RegExp(`/exceptions/${UUID}\\?requested=1$`))
          const exceptionId = idFrom(page, 'exceptions')

          await signIn(admin.page, dashboard.service.adminKey, `/exceptions/${exceptionId}`, 'keyboard')
          await waitForPageFocus(admin.page, 'Exception')
          await adminKeys.click(admin.page.getByRole('button', { name: 'Approve…' }))
          // Focus moved into the form: the first field is the optional earlier expiry.
          await adminKeys.click(admin.page.getByRole('button', { name: 'Approve', exact: true }))
          await admin.page.getByRole('status').filter({ hasText: 'The exception is approved' }).waitFor()

          await page.goto(`/exceptions/${exceptionId}`)
          await waitForPageFocus(page, 'Exception')
          await keys.click(page.getByRole('button', { name: 'Renew…' }))
          await keys.fill(page.getByLabel(/^Why it is still needed/), 'Keyboard run: still needed.')
          await keys.click(page.getByRole('button', { name: 'Renew', exact: true }))
          await page.getByRole('status').filter({ hasText: 'its renewal pending' }).waitFor()

          await admin.page.goto(`/exceptions/${exceptionId}`)
          await waitForPageFocus(admin.page, 'Exception')
          await adminKeys.click(admin.page.getByRole('button', { name: 'Approve the renewal…' }))
          await adminKeys.click(admin.page.getByRole('button', { name: 'Approve the renewal', exact: true }))
          await admin.page.getByRole('status').filter({ hasText: 'its renewal approved' }).waitFor()
          const renewed = await apiJson<{ status: string; renewal: { status: string } }>(
            dashboard.service,
            `/api/v1/exceptions/${exceptionId}`,
          )
          expect([renewed.status, renewed.renewal.status]).toEqual(['approved', 'approved'])
          await screenshot(admin.page, 'keyboard-exception-renewed')
        }),
      180_000,
    )

    it.skipIf(engine !== 'sqlite')(
      'projects: the list with trends, the project page with its score chart, files and new findings',
      async () => {
        // Both flows above validated the project archive: two points of history.
        const tab = await dashboard.browser.newPage(dashboard.service.baseUrl)
        try {
          await signIn(tab.page, dashboard.service.memberKey, '/projects')
          const table = tab.page.getByRole('table', { name: 'Projects, most recently validated first' })
          await table.waitFor()
          await tab.page.getByText('unchanged since the previous validation').waitFor()
          await checkPage(tab, shot('projects-list'))
          await table.getByRole('link', { name: PROJECT_NAME }).click()
          await tab.page.waitForURL(`**/projects/${PROJECT_NAME}`)
          await tab.page
            .getByRole('img', { name: new RegExp(`^Score of ${PROJECT_NAME} over its last 2 validations`) })
            .waitFor()
          await tab.page.locator('.chart canvas').first().waitFor()
          await tab.page.getByText('No new findings in the latest validation.').waitFor()
          const history = tab.page.getByRole('table', {
            name: `Validations of ${PROJECT_NAME}, newest first`,
          })
          expect(await history.locator('tbody tr').count()).toBe(2)
          expect(
            await tab.page
              .getByRole('table', { name: "The project's files, lowest score first" })
              .locator('tbody tr')
              .count(),
          ).toBeGreaterThan(5)
          await checkPage(tab, shot('project'))

          // Narrow (360 px): the page still reads, nothing needs a second scroll bar but the tables.
          await tab.page.setViewportSize({ width: 360, height: 800 })
          expect(await tab.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360)
          await screenshot(tab.page, 'project-360px')
          expect(tab.problems).toEqual(NO_PROBLEMS)
        } finally {
          await tab.close()
        }
      },
      60_000,
    )

    it.skipIf(engine !== 'sqlite')(
      'overview: totals, charts, failing rules and lowest projects link to their pages; admin-only webhooks part',
      async () => {
        const totals = (
          await apiJson<{ totals: { validations: number } }>(dashboard.service, '/api/v1/overview')
        ).totals
        // The flows above validated 5 times: XAML, project, XAML again; XAML and project by keyboard.
        expect(totals.validations).toBe(5)
        const admin = await dashboard.browser.newPage(dashboard.service.baseUrl)
        const member = await dashboard.browser.newPage(dashboard.service.baseUrl)
        try {
          await signIn(admin.page, dashboard.service.adminKey)
          await admin.page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor()
          const stats = admin.page.locator('.stats')
          await stats.waitFor()
          expect(await stats.textContent()).toContain(`Validations${totals.validations}`)
          await admin.page
            .getByRole('img', { name: 'Mean score per day over the last 30 days' })
            .locator('canvas')
            .first()
            .waitFor()
          const rules = admin.page.getByRole('table', {
            name: 'Rules with unwaived findings in the most validations',
          })
          expect(await rules.locator('a[href^="/docs/rules/FC-"]').count()).toBeGreaterThan(0)
          const projects = admin.page.getByRole('table', {
            name: 'Projects whose latest validation scores lowest',
          })
          expect(await projects.getByRole('link', { name: PROJECT_NAME }).getAttribute('href')).toBe(
            `/projects/${PROJECT_NAME}`,
          )
          await admin.page.getByRole('heading', { level: 2, name: 'Webhooks failing or disabled' }).waitFor()
          await checkPage(admin, shot('overview'))
          await admin.page.getByLabel('Period').selectOption('7')
          await admin.page.waitForURL('**/?days=7')
          await admin.page.getByRole('img', { name: 'Mean score per day over the last 7 days' }).waitFor()

          await signIn(member.page, dashboard.service.memberKey, '/overview')
          await member.page.getByRole('heading', { level: 2, name: 'Lowest-scoring projects' }).waitFor()
          expect(
            await member.page.getByRole('heading', { name: 'Webhooks failing or disabled' }).count(),
          ).toBe(0)
          await checkPage(member, shot('overview-member'))
          expect(admin.problems).toEqual(NO_PROBLEMS)
          expect(member.problems).toEqual(NO_PROBLEMS)
        } finally {
          await admin.close()
          await member.close()
        }
      },
      60_000,
    )

    it.skipIf(engine !== 'sqlite')(
      'an admin rejects a request and revokes an approved exception, each after a confirming form',
      () =>
        asMemberAndAdmin(async (member, admin) => {
          const request = async () => {
            const response = await dashboard.service.api(
              'POST',
              '/api/v1/exceptions',
              dashboard.service.memberKey,
              {
                ruleId: 'FC-UIP-LOG-001',
                fileName: 'dos.xaml',
                location: null,
                reason: 'Logging is added in the next sprint.',
                expiresAt: new Date(Date.now() + 20 * 86_400_000).toISOString(),
              },
            )
            expect(response.status).toBe(201)
            return ((await response.json()) as { id: string }).id
          }
          const rejectedId = await request()
          await signIn(admin.page, dashboard.service.adminKey, `/exceptions/${rejectedId}`)
          await admin.page.getByRole('button', { name: 'Reject…' }).click()
          // The reason is required: submitting without one keeps the form open.
          await admin.page.getByRole('button', { name: 'Reject', exact: true }).click()
          expect(
            await admin.page
              .getByLabel('Why it is rejected')
              .evaluate((field) =>
                (field as unknown as { matches(selector: string): boolean }).matches(':invalid'),
              ),
          ).toBe(true)
          await admin.page.getByLabel('Why it is rejected').fill('Add the logging instead.')
          await admin.page.getByRole('button', { name: 'Reject', exact: true }).click()
          await admin.page.getByRole('status').filter({ hasText: 'The exception is rejected' }).waitFor()
          await checkPage(admin, shot('exception-rejected'))

          const revokedId = await request()
          await dashboard.service.api(
            'POST',
            `/api/v1/exceptions/${revokedId}/approve`,
            dashboard.service.adminKey,
            {},
          )
          await admin.page.goto(`/exceptions/${revokedId}`)
          await admin.page.getByRole('button', { name: 'Revoke…' }).click()
          // Cancel closes the form without a request; the button opens it again.
          await admin.page.getByRole('button', { name: 'Cancel' }).click()
          await admin.page.getByRole('button', { name: 'Revoke…' }).click()
          await admin.page.getByRole('button', { name: 'Revoke', exact: true }).click()
          await admin.page.getByRole('status').filter({ hasText: 'The exception is revoked' }).waitFor()
          const states = await Promise.all(
            [rejectedId, revokedId].map(
              async (id) =>
                (await apiJson<{ status: string }>(dashboard.service, `/api/v1/exceptions/${id}`)).status,
            ),
          )
          expect(states).toEqual(['rejected', 'revoked'])

          // The member sees both in the list, filtered by status.
          await signIn(member.page, dashboard.service.memberKey, '/exceptions?status=revoked')
          const table = member.page.getByRole('table', { name: 'Risk exceptions, newest first' })
          await table.locator(`a[href="/exceptions/${revokedId}"]`).waitFor()
          expect(await table.locator(`a[href="/exceptions/${rejectedId}"]`).count()).toBe(0)
        }),
      60_000,
    )
  })
}

describe.skipIf(!chromiumAvailable())('issue 13 test 2', () => {
  governanceSuite('sqlite')
  if (process.env[TEST_DATABASE_URL_ENV]) governanceSuite('postgres')
})

/**
 * Waits until a page has opened: the app moves focus to its <h1> (for screen readers and keyboard
 * users), so Tab presses made before that would be undone.
 */
async function waitForPageFocus(page: Page, title: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name: title }).waitFor()
  await page.waitForFunction("document.activeElement !== null && document.activeElement.tagName === 'H1'")
}
