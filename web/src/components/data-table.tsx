/**
 * The one table of the dashboard's lists: a caption for screen readers, column headers with
 * scope, and — for the API's paged lists — the loading, error and empty states and the pager.
 */
import type { ComponentChildren } from 'preact'
import type { Page } from '../api/api-client'
import { Empty, LoadState } from './load-state'
import { Pager, type PagerState } from './pager'
import type { Loaded } from './use-api'

export function DataTable({
  caption,
  columns,
  children,
}: {
  caption: string
  columns: readonly string[]
  children: ComponentChildren
}) {
  return (
    // A wide table scrolls inside its frame on a narrow window; the frame takes the focus so that
    // keyboard users can scroll it too (axe: scrollable-region-focusable).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section class="table-wrap" aria-label={caption} tabIndex={0}>
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </section>
  )
}

export function PagedTable<T>({
  loaded,
  what,
  empty,
  caption,
  columns,
  pager,
  row,
}: {
  loaded: Loaded<Page<T>>
  what: string
  empty: ComponentChildren
  caption: string
  columns: readonly string[]
  pager: PagerState
  row: (item: T) => ComponentChildren
}) {
  return (
    <LoadState
      loaded={loaded}
      what={what}
      ready={(page) =>
        page.items.length === 0 ? (
          <Empty>{empty}</Empty>
        ) : (
          <>
            <DataTable caption={caption} columns={columns}>
              {page.items.map(row)}
            </DataTable>
            <Pager pager={pager} nextCursor={page.nextCursor} />
          </>
        )
      }
    />
  )
}

/** The non-empty fields of a filter form, as the page's next query string. */
export function queryFromForm(form: HTMLFormElement, names: readonly string[]): URLSearchParams {
  const data = new FormData(form)
  const query = new URLSearchParams()
  for (const name of names) {
    const value = String(data.get(name) ?? '').trim()
    if (value !== '') query.set(name, value)
  }
  return query
}
