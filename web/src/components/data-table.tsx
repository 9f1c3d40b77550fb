/**
 * A table as every page shows one: scrollable on narrow screens, a caption for screen readers,
 * column headers with scope. The rows are the caller's <tr> elements.
 */
import type { ComponentChildren } from 'preact'

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
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  )
}
