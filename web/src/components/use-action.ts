/**
 * A write from a form or button: `run(fn)` marks it busy, keeps the API's error (shown with
 * <ActionError>, announced by role=alert) and returns fn's value, or undefined when it failed.
 */
import { useState } from 'preact/hooks'
import { ApiError } from '../api/api-client'

export interface Action {
  busy: boolean
  error: ApiError | null
  run: <T>(fn: () => Promise<T>) => Promise<T | undefined>
  clear: () => void
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const run = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true)
    setError(null)
    try {
      return await fn()
    } catch (failure) {
      setError(
        failure instanceof ApiError ? failure : new ApiError(0, 'UNKNOWN', 'Something went wrong.', []),
      )
      return undefined
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, run, clear: () => setError(null) }
}
