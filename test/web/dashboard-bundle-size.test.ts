/**
 * Issue 13's aim, kept by a test: the initial JavaScript of every dashboard page is at most
 * 150 KB gzipped, measured from the build's manifest as bench/dashboard-bundle-size.ts reports it.
 */
import { describe, expect, it } from 'vitest'
import { INITIAL_JS_AIM_BYTES, measureDashboardBundles } from '../../bench/dashboard-bundle-size.js'

describe('dashboard bundle size (dist/web, built by npm run build)', () => {
  it('every page loads at most 150 KB of JavaScript (gzip) before it renders', () => {
    const pages = measureDashboardBundles()
    expect(pages[0]?.name).toBe('every page (entry)')
    for (const page of pages) {
      expect(page.jsGzipBytes, page.name).toBeGreaterThan(1000)
      expect(page.jsGzipBytes, page.name).toBeLessThanOrEqual(INITIAL_JS_AIM_BYTES)
    }
  })
})
