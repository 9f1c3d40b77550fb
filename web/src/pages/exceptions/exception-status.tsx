import type { ExceptionStatus, RiskException } from '../../api/types'

const STATUS_CLASS: Record<ExceptionStatus, string> = {
  requested: 'badge-fair',
  approved: 'badge-good',
  rejected: 'badge-poor',
  revoked: 'badge-poor',
  expired: 'badge-none',
}

/** An exception's status, and a pending renewal beside it. */
export function ExceptionStatusBadge({ exception }: { exception: RiskException }) {
  return (
    <>
      <span class={`badge ${STATUS_CLASS[exception.status]}`}>{exception.status}</span>
      {exception.renewal?.status === 'pending' && <span class="badge badge-fair">renewal pending</span>}
    </>
  )
}

/** `Main.xaml:42` or, for a rule waived in the whole submission, the file name. */
export function exceptionScope(exception: RiskException): string {
  return exception.location ?? `${exception.fileName} (whole submission)`
}
