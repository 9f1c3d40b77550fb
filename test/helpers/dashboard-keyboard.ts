/**
 * Keyboard-only driving for the browser tests: Tab (or Shift+Tab) until the focused element has
 * the accessible name wanted, then the test presses Enter, Space or types. A control that Tab
 * never reaches fails the test, which is the point of the keyboard-only runs.
 */
import type { Page } from 'playwright-core'

/** The focused element's name as a user hears it: aria-label, its label's text, or its text. */
const FOCUSED_NAME = `(() => {
  const element = document.activeElement
  if (element === null || element === document.body) return ''
  const labelled = element.getAttribute('aria-label')
  if (labelled) return labelled
  if (element.labels && element.labels.length > 0) return element.labels[0].textContent || ''
  return element.textContent || ''
})()`

export async function focusedName(page: Page): Promise<string> {
  return ((await page.evaluate<string>(FOCUSED_NAME)) ?? '').replace(/\s+/g, ' ').trim()
}

/** Tabs forward until the focused element's name matches; throws after `max` presses. */
export async function tabTo(page: Page, name: string | RegExp, max = 150): Promise<void> {
  const matches = (text: string) => (typeof name === 'string' ? text === name : name.test(text))
  const seen: string[] = []
  for (let press = 0; press < max; press++) {
    await page.keyboard.press('Tab')
    const text = await focusedName(page)
    if (matches(text)) return
    seen.push(text)
  }
  throw new Error(`Tab never reached ${String(name)}; focus went through: ${seen.slice(0, 40).join(' | ')}`)
}

/** Tabs to a control and presses Enter on it (links, buttons, submitting from a field). */
export async function activate(page: Page, name: string | RegExp): Promise<void> {
  await tabTo(page, name)
  await page.keyboard.press('Enter')
}

/** Tabs to a field and types into it. */
export async function typeInto(page: Page, name: string | RegExp, text: string): Promise<void> {
  await tabTo(page, name)
  await page.keyboard.type(text)
}

/**
 * Waits until a page has opened: the app moves focus to its <h1> (for screen readers and keyboard
 * users), so Tab presses made before that would be undone.
 */
export async function waitForPageFocus(page: Page, title: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name: title }).waitFor()
  await page.waitForFunction("document.activeElement !== null && document.activeElement.tagName === 'H1'")
}
