/**
 * Cursor paging for the API's `{items, nextCursor}` lists: the cursors of the pages seen so far are
 * kept so "Previous" works; the first page has none.
 */
import { useState } from 'preact/hooks'

export interface PagerState {
  cursor: string | undefined
  next: (nextCursor: string) => void
  previous: () => void
  reset: () => void
  pageNumber: number
}

export function usePager(): PagerState {
  const [trail, setTrail] = useState<string[]>([])
  return {
    cursor: trail[trail.length - 1],
    next: (nextCursor) => setTrail((seen) => [...seen, nextCursor]),
    previous: () => setTrail((seen) => seen.slice(0, -1)),
    reset: () => setTrail([]),
    pageNumber: trail.length + 1,
  }
}

/** `label` names the navigation when a page has more than one paged list. */
export function Pager({
  pager,
  nextCursor,
  label = 'Pages',
}: {
  pager: PagerState
  nextCursor: string | null
  label?: string
}) {
  if (pager.pageNumber === 1 && nextCursor === null) return null
  return (
    <nav class="pager" aria-label={label}>
      <button type="button" onClick={pager.previous} disabled={pager.pageNumber === 1}>
        Previous
      </button>
      <span aria-live="polite">Page {pager.pageNumber}</span>
      <button
        type="button"
        onClick={() => nextCursor !== null && pager.next(nextCursor)}
        disabled={nextCursor === null}
      >
        Next
      </button>
    </nav>
  )
}
