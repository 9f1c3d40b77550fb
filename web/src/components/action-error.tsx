/** The error of a failed write, announced (role=alert), with the API's details. */
import type { ApiError } from '../api/api-client'
import { ErrorState } from './load-state'

export function ActionError({ error }: { error: ApiError | null }) {
  return error === null ? null : <ErrorState error={error} />
}
