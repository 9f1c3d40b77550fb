/** The loading, error and empty states every page shows the same way. */
import type { ComponentChildren } from 'preact'
import type { ApiError } from '../api/api-client'
import type { Loaded } from './use-api'

export function Loading({ what }: { what: string }) {
  return (
    <p class="state state-loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  )
}

export function ErrorState({ error, retry }: { error: ApiError; retry?: () => void }) {
  return (
    <div class="state state-error" role="alert">
      <p>
        <strong>{error.message}</strong> <span class="muted">({error.code})</span>
      </p>
      {error.details.length > 0 && (
        <ul>
          {error.details.map((detail) => (
            <li key={`${detail.field ?? ''}:${detail.reason}`}>
              {detail.field !== undefined && <code>{detail.field}</code>} {detail.reason}
            </li>
          ))}
        </ul>
      )}
      {retry !== undefined && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  )
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="state state-empty">{children}</p>
}

/** Renders `ready(data)` once loaded, else the loading or error state. */
export function LoadState<T>({
  loaded,
  what,
  ready,
}: {
  loaded: Loaded<T>
  what: string
  ready: (data: T) => ComponentChildren
}) {
  if (loaded.state === 'loading') return <Loading what={what} />
  if (loaded.state === 'error') return <ErrorState error={loaded.error} retry={loaded.reload} />
  return <>{ready(loaded.data)}</>
}
