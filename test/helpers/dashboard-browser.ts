/**
 * Debian's Chromium (/usr/bin/chromium) driven by playwright-core for the dashboard's browser
 * tests. One browser per test file (`launchDashboardBrowser` in beforeAll); one context per page
 * (`newPage`) so that each signed-in user has their own cookie jar.
 * Every page records CSP violations, console errors and requests to any other origin, so that a
 * test can assert that none happened (`expectNoProblems`).
 * Without Chromium: the browser tests fail under CI=true and are skipped with one line otherwise.
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core'
import { PROJECT_ROOT } from './run-cli.js'

export const CHROMIUM_PATH = '/usr/bin/chromium'
export const SCREENSHOT_DIR = path.join(PROJECT_ROOT, 'test-artifacts/screenshots')

/** The flags of docs (web-ui notes): no network of its own, no GPU, no sandbox in containers. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

let skipNoticeShown = false

/**
 * True when Chromium is installed. When it is missing: throws under CI=true (CI installs it, see
 * .ci/run), otherwise prints one line and returns false. Use as `describe.skipIf(!chromiumAvailable())`.
 */
export function chromiumAvailable(): boolean {
  if (fs.existsSync(CHROMIUM_PATH)) return true
  if (process.env.CI === 'true') {
    throw new Error(`${CHROMIUM_PATH} is missing: CI must install it (apt package chromium, see .ci/run)`)
  }
  if (!skipNoticeShown) {
    skipNoticeShown = true
    console.warn(`browser tests skipped: ${CHROMIUM_PATH} is missing (apt-get install chromium)`)
  }
  return false
}

export interface PageProblems {
  /** `securitypolicyviolation` events: `<directive> blocked <uri>`. */
  cspViolations: string[]
  /** console.error and uncaught page errors (network status lines excluded, see below). */
  consoleErrors: string[]
  /** Requests to any origin but the service's. */
  foreignRequests: string[]
}

export interface DashboardPage {
  page: Page
  context: BrowserContext
  problems: PageProblems
  close(): Promise<void>
}

export interface DashboardBrowser {
  browser: Browser
  /** A fresh context (own cookies) and page on `baseUrl`, recording problems from the start. */
  newPage(baseUrl: string, options?: { viewport?: { width: number; height: number } }): Promise<DashboardPage>
  close(): Promise<void>
}

export async function launchDashboardBrowser(): Promise<DashboardBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  })
  return {
    browser,
    newPage: async (baseUrl, options = {}) => {
      const origin = new URL(baseUrl).origin
      const context = await browser.newContext({
        baseURL: baseUrl,
        viewport: options.viewport ?? { width: 1280, height: 900 },
        timezoneId: 'Europe/Berlin',
        locale: 'en-GB',
      })
      const problems: PageProblems = { cspViolations: [], consoleErrors: [], foreignRequests: [] }
      // A binding, not a page global: it survives navigations and is not subject to the page's CSP.
      await context.exposeBinding('__flowcertaReportCsp', (_source, text: string) => {
        problems.cspViolations.push(text)
      })
      // A string: the test code is not compiled with the DOM library.
      await context.addInitScript(`document.addEventListener('securitypolicyviolation', (event) => {
        window.__flowcertaReportCsp(event.effectiveDirective + ' blocked ' + (event.blockedURI || '(inline)') + ' at ' + event.sourceFile)
      })`)
      context.on('request', (request) => {
        const url = request.url()
        if (!/^(https?|wss?):/i.test(url)) return // data:, blob: stay in the page
        if (new URL(url).origin !== origin) problems.foreignRequests.push(url)
      })
      const page = await context.newPage()
      page.on('console', (message) => {
        if (message.type() !== 'error') return
        // Chromium logs every 4xx/5xx response as "Failed to load resource"; tests that expect a
        // refusal (401 before sign-in, 403 for a member) assert the status itself instead.
        if (message.text().startsWith('Failed to load resource')) return
        problems.consoleErrors.push(message.text())
      })
      page.on('pageerror', (error) => problems.consoleErrors.push(`page error: ${error.message}`))
      // Keep Chromium's file-chooser interception on for the page's whole life. Playwright turns it
      // on when the first 'filechooser' listener is added and off when the last goes, and a
      // `waitForEvent('filechooser')` just before a key press does not wait for it to be on: on a
      // busy machine the press can open the chooser before interception, and no event ever comes.
      page.on('filechooser', () => {})
      return { page, context, problems, close: () => context.close() }
    },
    close: () => browser.close(),
  }
}

/**
 * How a test works the page: with the mouse (Playwright's click/fill) or by keyboard only (Tab to
 * the control, then Enter, Space or typing), so one flow can be run both ways.
 */
export interface User {
  keyboard: boolean
  click(target: Locator): Promise<void>
  check(target: Locator): Promise<void>
  fill(target: Locator, text: string): Promise<void>
  select(target: Locator, option: string): Promise<void>
}

export function userOf(page: Page, mode: 'mouse' | 'keyboard'): User {
  const keyboard = mode === 'keyboard'
  const focus = (target: Locator) => tabTo(page, target)
  return {
    keyboard,
    click: async (target) => {
      if (!keyboard) return target.click()
      await focus(target)
      await page.keyboard.press('Enter')
    },
    check: async (target) => {
      if (!keyboard) return target.check()
      await focus(target)
      await page.keyboard.press('Space')
    },
    fill: async (target, text) => {
      if (!keyboard) return target.fill(text)
      await focus(target)
      await page.keyboard.press('ControlOrMeta+A')
      await page.keyboard.type(text)
    },
    select: async (target, option) => {
      if (!keyboard) {
        await target.selectOption({ label: option })
        return
      }
      await focus(target)
      // A focused closed <select> picks the option whose label starts with what is typed.
      await page.keyboard.type(option)
    },
  }
}

/** Signs in through the sign-in page with an API key and waits to leave it. */
export async function signIn(page: Page, apiKey: string, next = '/', mode: 'mouse' | 'keyboard' = 'mouse') {
  const user = userOf(page, mode)
  await page.goto(`/sign-in${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`)
  await user.fill(page.getByLabel('API key'), apiKey)
  await user.click(page.getByRole('button', { name: 'Sign in' }))
  await page.waitForURL((url) => url.pathname !== '/sign-in')
}

/**
 * Why a click sent nothing, as far as the page can tell: invalid form fields (the browser blocks
 * the submit), what holds the focus, which element is now under the control's centre (a layout
 * shift between Playwright's check and its click lands elsewhere), and a screenshot.
 */
async function pageStateAfterClick(page: Page, control: Locator): Promise<string> {
  try {
    const state = await control.evaluate((control) => {
      // The DOM's shapes, as far as this reads them (the tests compile without the DOM library).
      type Node = {
        tagName: string
        id: string
        textContent: string | null
        isConnected: boolean
        getBoundingClientRect(): { x: number; y: number; width: number; height: number }
        ownerDocument: Doc
      }
      type Field = { name: string; validationMessage: string; checkValidity(): boolean }
      type Doc = {
        activeElement: Node | null
        querySelectorAll(selector: string): Iterable<Field>
        elementFromPoint(x: number, y: number): Node | null
      }
      const element = control as unknown as Node
      const doc = element.ownerDocument
      const describe = (node: Node | null) =>
        node === null
          ? 'nothing'
          : `<${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}> "${(node.textContent ?? '').trim().slice(0, 40)}"`
      const invalid = [...doc.querySelectorAll('input, textarea, select')]
        .filter((field) => !field.checkValidity())
        .map((field) => `${field.name}: ${field.validationMessage}`)
      const box = element.getBoundingClientRect()
      const atCentre = doc.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2)
      return {
        invalid,
        focused: describe(doc.activeElement),
        atCentre: describe(atCentre),
        controlConnected: element.isConnected,
      }
    })
    const shot = await screenshot(page, `no-request-${Date.now()}`)
    return `page state: ${JSON.stringify(state)}; screenshot ${shot}`
  } catch (error) {
    return `page state unreadable (${String(error)})`
  }
}

/**
 * Clicks a control that writes through the API and waits for that write's response: fails with the
 * status and body when the API refuses it, and says whether the click sent no request at all or
 * sent one that got no answer — with `diagnose()`'s text (the service's log, the database's
 * waits) appended — so a page that did not show its outcome says why, not a bare timeout.
 */
export async function clickAndAwaitWrite(
  page: Page,
  control: Locator,
  write: { method: 'POST' | 'PATCH' | 'PUT' | 'DELETE'; path: string },
  diagnose?: () => Promise<string>,
): Promise<void> {
  const matches = (url: string, method: string) =>
    method === write.method && new URL(url).pathname === write.path
  let sentAt: number | undefined
  const onRequest = (request: { url(): string; method(): string }) => {
    if (sentAt === undefined && matches(request.url(), request.method())) sentAt = Date.now()
  }
  page.on('request', onRequest)
  const response = page.waitForResponse((candidate) => matches(candidate.url(), candidate.request().method()))
  // Read once here, so a click that throws does not leave the wait's rejection unhandled.
  const outcome = response.then(
    (answered) => ({ answered }),
    (error: unknown) => ({ error }),
  )
  const clickedAt = Date.now()
  try {
    await control.click()
    const settled = await outcome
    if ('error' in settled) {
      const sent =
        sentAt === undefined
          ? `the click sent no such request; ${await pageStateAfterClick(page, control)}`
          : `the request was sent ${sentAt - clickedAt} ms after the click and got no answer`
      const details =
        diagnose === undefined ? '' : `\n${await diagnose().catch((error) => `(diagnose failed: ${error})`)}`
      throw new Error(
        `no ${write.method} ${write.path} answered: ${sent} (${String(settled.error)})${details}`,
      )
    }
    if (settled.answered.status() >= 400) {
      throw new Error(
        `${write.method} ${write.path} answered ${settled.answered.status()}: ${await settled.answered.text()}`,
      )
    }
  } finally {
    page.off('request', onRequest)
  }
}

/**
 * Keyboard only: presses Tab until `target` has the focus (then the test presses Enter, Space or
 * types). Fails when it is not reached within `max` presses — an unreachable control is a defect.
 */
export async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  await target.waitFor()
  for (let press = 0; press < max; press++) {
    // A function, not a string: a string is evaluated as an expression, not called with the element.
    const focused = await target.evaluate(
      (element) => element === (element.ownerDocument as { activeElement: unknown }).activeElement,
    )
    if (focused) return
    await page.keyboard.press('Tab')
  }
  throw new Error(`${target} not reached with ${max} presses of Tab`)
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export interface AxeViolation {
  id: string
  impact: string
  help: string
  targets: string[]
}

/**
 * Runs axe-core on the page as it is now; returns the serious and critical violations only.
 * The source is evaluated through the DevTools protocol, which the page's CSP does not govern.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource)
  const violations = await page.evaluate<AxeViolation[]>(`axe
    .run(document, { resultTypes: ['violations'] })
    .then((results) => results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? 'unknown',
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
    })))`)
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
}

/** A full-page PNG in test-artifacts/screenshots/<name>.png (the CI artefact folder). */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^a-z0-9._-]+/gi, '-')}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}

/** The problems recorded on the page, for `expect(...).toEqual(NO_PROBLEMS)`. */
export const NO_PROBLEMS: PageProblems = Object.freeze({
  cspViolations: [],
  consoleErrors: [],
  foreignRequests: [],
}) as PageProblems
