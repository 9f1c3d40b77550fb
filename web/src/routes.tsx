/**
 * Every dashboard page, in one table: its path pattern (the server answers these paths with
 * index.html — keep src/api/routes/dashboard's list in step), its title and its component.
 */
import type { FunctionComponent } from 'preact'
import { ResultsListPage } from './pages/results-list-page'

export interface PageRoute {
  pattern: string
  title: string
  /** Members never see the page in the navigation; the API refuses its calls anyway. */
  adminOnly?: boolean
  page: FunctionComponent<{ params: Record<string, string> }>
}

export const PAGE_ROUTES: readonly PageRoute[] = [
  { pattern: '/results', title: 'Results', page: ResultsListPage },
]
