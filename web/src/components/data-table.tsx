/**
 * The one table of the dashboard's lists: a caption for screen readers, column headers with
 * scope, and — for the API's paged lists — the loading, error and empty states and the pager.
 */
import type { ComponentChildren } from 'preact'
import { useLayoutEffect, useRef } from 'preact/hooks'
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
  const tableRef = useRef<HTMLTableElement>(null)
  // Rows come from each page (plain <tr>s or row components); after every render, label their
  // cells for the stacked layout. Row components have no state of their own, so a cell is never
  // rendered without this table rendering too.
  useLayoutEffect(() => {
    if (tableRef.current !== null) labelCells(tableRef.current, columns)
  })
  return (
    // A wide table scrolls inside its frame on a desktop window; the frame takes the focus so
    // that keyboard users can scroll it too (axe: scrollable-region-focusable). Below 40rem the
    // rows stack as cards (styles.css, "Stacked tables"), so nothing scrolls sideways there.
    // The explicit roles keep the table's semantics when CSS changes its display (Safari drops
    // them otherwise).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section class="table-wrap" aria-label={caption} tabIndex={0}>
      {/* biome-ignore lint/a11y/noRedundantRoles: see above, the display change drops the implicit roles */}
      <table ref={tableRef} role="table">
        <caption class="visually-hidden">{caption}</caption>
        {/* biome-ignore lint/a11y/noRedundantRoles: see above */}
        <thead role="rowgroup">
          {/* biome-ignore lint/a11y/noRedundantRoles: see above */}
          <tr role="row">
            {columns.map((column) => (
              // biome-ignore lint/a11y/noRedundantRoles: see above
              <th scope="col" role="columnheader" key={column}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        {/* biome-ignore lint/a11y/noRedundantRoles: see above */}
        <tbody role="rowgroup">{children}</tbody>
      </table>
    </section>
  )
}

/**
 * Gives each body row and cell its explicit role and each cell its column's name as `data-label`,
 * which the stacked layout shows before the value (CSS generated content, hidden from screen
 * readers: they announce the column header).
 */
function labelCells(table: HTMLTableElement, columns: readonly string[]): void {
  for (const body of Array.from(table.tBodies)) {
    for (const row of Array.from(body.rows)) {
      row.setAttribute('role', 'row')
      Array.from(row.cells).forEach((cell, index) => {
        const isRowHeader = cell.tagName === 'TH'
        cell.setAttribute('role', isRowHeader ? 'rowheader' : 'cell')
        cell.dataset.label = columns[index] ?? ''
      })
    }
  }
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
