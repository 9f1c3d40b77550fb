/**
 * Loads one API resource for a page: `{state: 'loading' | 'error' | 'ready', …}` so every page
 * shows the same loading, error and empty states (components/load-state.tsx). `reload()` fetches
 * again after a write.
 */
import { useCallback, useEffect, useState } from 'preact/hooks'
import { ApiError, apiGet } from '../api/api-client'

export type Loaded<T> =
  | { state: 'loading'; reload: () => void }
  | { state: 'error'; error: ApiError; reload: () => void }
  | { state: 'ready'; data: T; reload: () => void }

/** GETs `path` (null: nothing to load yet) and again whenever it changes or reload() is called. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [version, setVersion] = useState(0)
  const reload = useCallback(() => setVersion((value) => value + 1), [])
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading', reload })

  useEffect(() => {
    if (path === null) return
    const controller = new AbortController()
    setLoaded({ state: 'loading', reload })
    apiGet<T>(path, controller.signal).then(
      (data) => setLoaded({ state: 'ready', data, reload }),
      (error: unknown) => {
        if (controller.signal.aborted) return
        const problem =
          error instanceof ApiError ? error : new ApiError(0, 'UNKNOWN', 'Something went wrong.', [])
        setLoaded({ state: 'error', error: problem, reload })
      },
    )
    return () => controller.abort()
  }, [path, version, reload])

  return loaded
}
