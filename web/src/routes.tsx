/**
 * Every dashboard page, in one table: its path pattern (the server answers these paths with
 * index.html — keep src/api/routes/dashboard's list in step), its title and its component.
 * The first matching row wins: fixed paths (`/results/new`) come before `:id` patterns.
 */
import type { FunctionComponent } from 'preact'
import { ApiKeysPage } from './pages/admin/api-keys-page'
import { AuditLogPage } from './pages/admin/audit-log-page'
import { SettingsPage } from './pages/admin/settings-page'
import { ExceptionDetailPage } from './pages/exceptions/exception-detail-page'
import { ExceptionsListPage } from './pages/exceptions/exceptions-list-page'
import { RequestExceptionPage } from './pages/exceptions/request-exception-page'
import { OverviewPage } from './pages/overview/overview-page'
import { ProjectPage } from './pages/projects/project-page'
import { ProjectsListPage } from './pages/projects/projects-list-page'
import { ResultDetailPage } from './pages/results/result-detail-page'
import { UploadPage } from './pages/results/upload-page'
import { ResultsListPage } from './pages/results-list-page'
import { DeliveriesPage } from './pages/webhooks/deliveries-page'
import { DeliveryPage } from './pages/webhooks/delivery-page'
import { WebhookNewPage } from './pages/webhooks/webhook-new-page'
import { WebhookPage } from './pages/webhooks/webhook-page'
import { WebhooksListPage } from './pages/webhooks/webhooks-list-page'

export interface PageRoute {
  pattern: string
  /** The heading and document title; a page may replace it once loaded (usePageTitle). */
  title: string
  /**
   * Members never see the page in the navigation, and opening it shows them "admins only"
   * instead of the page (the API would refuse its calls anyway).
   */
  adminOnly?: boolean
  page: FunctionComponent<{ params: Record<string, string> }>
}

export const PAGE_ROUTES: readonly PageRoute[] = [
  { pattern: '/', title: 'Overview', page: OverviewPage },
  { pattern: '/overview', title: 'Overview', page: OverviewPage },
  { pattern: '/projects', title: 'Projects', page: ProjectsListPage },
  { pattern: '/projects/:name', title: 'Project', page: ProjectPage },
  { pattern: '/results', title: 'Results', page: ResultsListPage },
  { pattern: '/results/new', title: 'Validate a workflow or project', page: UploadPage },
  { pattern: '/results/:id', title: 'Result', page: ResultDetailPage },
  { pattern: '/exceptions', title: 'Exceptions', page: ExceptionsListPage },
  { pattern: '/exceptions/new', title: 'Request an exception', page: RequestExceptionPage },
  { pattern: '/exceptions/:id', title: 'Exception', page: ExceptionDetailPage },
  { pattern: '/webhooks', title: 'Webhooks', adminOnly: true, page: WebhooksListPage },
  { pattern: '/webhooks/new', title: 'New webhook', adminOnly: true, page: WebhookNewPage },
  { pattern: '/webhooks/:id', title: 'Webhook', adminOnly: true, page: WebhookPage },
  { pattern: '/webhooks/:id/deliveries', title: 'Deliveries', adminOnly: true, page: DeliveriesPage },
  { pattern: '/deliveries/:id', title: 'Delivery', adminOnly: true, page: DeliveryPage },
  { pattern: '/settings', title: 'Settings', page: SettingsPage },
  { pattern: '/api-keys', title: 'API keys', page: ApiKeysPage },
  { pattern: '/audit-log', title: 'Audit log', adminOnly: true, page: AuditLogPage },
]
