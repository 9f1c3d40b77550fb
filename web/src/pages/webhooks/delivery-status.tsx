/** A delivery's state as a badge with words (colour is never the only signal). */
import { TimeText } from '../../components/time-text'
import { Link } from '../../router'
import type { DeliveryState, LastDelivery } from './webhook-types'

const BAND: Record<DeliveryState, string> = {
  succeeded: 'good',
  pending: 'fair',
  failed: 'poor',
  cancelled: 'none',
}

export function DeliveryStatus({
  status,
  statusCode,
}: {
  status: DeliveryState
  statusCode?: number | null
}) {
  return (
    <span class={`badge badge-${BAND[status]}`}>
      {status}
      {statusCode !== undefined && statusCode !== null ? ` · ${statusCode}` : ''}
    </span>
  )
}

/** A webhook's last delivery: its state and when, or "none yet". */
export function LastDeliveryText({ last }: { last: LastDelivery | null | undefined }) {
  if (last === undefined || last === null) return <span class="muted">none yet</span>
  return (
    <>
      <Link href={`/deliveries/${last.id}`}>
        <DeliveryStatus status={last.status} statusCode={last.statusCode} />
        <span class="visually-hidden"> ({last.event})</span>
      </Link>{' '}
      <TimeText iso={last.at} />
      {last.errorClass !== null && <div class="muted">{last.errorClass}</div>}
    </>
  )
}
