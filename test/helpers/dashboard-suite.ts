/**
 * One real service and one Chromium per test file: `const dashboard = useDashboard()` at the top
 * of a describe starts both in beforeAll and stops both in afterAll.
 */
import { afterAll, beforeAll } from 'vitest'
import { type DashboardBrowser, launchDashboardBrowser } from './dashboard-browser.js'
import {
  type DashboardService,
  type DashboardServiceOptions,
  startDashboardService,
} from './dashboard-service.js'

export interface Dashboard {
  service: DashboardService
  browser: DashboardBrowser
}

export function useDashboard(options: DashboardServiceOptions = {}): Dashboard {
  const dashboard = {} as Dashboard
  beforeAll(async () => {
    ;[dashboard.service, dashboard.browser] = await Promise.all([
      startDashboardService(options),
      launchDashboardBrowser(),
    ])
  }, 120_000)
  afterAll(async () => {
    await dashboard.browser?.close()
    await dashboard.service?.stop()
  })
  return dashboard
}
