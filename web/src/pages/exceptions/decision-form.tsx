/**
 * One lifecycle action on an exception (approve, reject, revoke, renew, and the renewal's
 * decisions): a button that opens its small form — the confirmation step — and posts it.
 * Focus moves into the form when it opens and back to the button when it is cancelled.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks'
import { apiPost } from '../../api/api-client'
import type { RiskException } from '../../api/types'
import { ErrorState } from '../../components/load-state'
import { useAction } from '../../components/use-action'
import { endOfDay } from './exception-days'

export interface DecisionSpec {
  /** The button that opens the form, e.g. "Approve". */
  label: string
  /** The path under /api/v1/exceptions/{id}/, e.g. "renewal/approve". */
  path: string
  /** The date field: none, optional (an earlier expiry) or required (a renewal's new expiry). */
  expiry: 'none' | 'optional' | 'required'
  expiryLabel?: string
  /** The date offered in the date field, if any (a renewal offers one). */
  defaultDay?: (exception: RiskException) => string
  reason: 'optional' | 'required'
  reasonLabel: string
  danger?: boolean
}

export function DecisionForm({
  exception,
  spec,
  onDone,
}: {
  exception: RiskException
  spec: DecisionSpec
  onDone: (updated: RiskException, what: string) => void
}) {
  const [open, setOpen] = useState(false)
  const action = useAction()
  const firstField = useRef<HTMLInputElement | HTMLTextAreaElement>(null)
  const opener = useRef<HTMLButtonElement>(null)
  const id = `decision-${spec.path.replace('/', '-')}`

  // Focus the form's first field as it opens, in the same task as the render (a layout effect): a
  // focus() a frame later would scroll the page under a click already on its way to Submit.
  useLayoutEffect(() => {
    if (open) firstField.current?.focus()
  }, [open])

  if (!open) {
    return (
      <button
        type="button"
        ref={opener}
        class={spec.danger === true ? 'danger' : undefined}
        onClick={() => setOpen(true)}
      >
        {spec.label}…
      </button>
    )
  }

  const onSubmit = async (event: Event) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    const day = String(form.get('expiresAt') ?? '')
    const reason = String(form.get('reason') ?? '').trim()
    const body: Record<string, string> = {}
    if (day !== '') body.expiresAt = endOfDay(day)
    if (reason !== '') body.reason = reason
    const updated = await action.run(() =>
      apiPost<RiskException>(`/api/v1/exceptions/${exception.id}/${spec.path}`, body),
    )
    if (updated !== undefined) {
      setOpen(false)
      onDone(updated, spec.label)
    }
  }

  const cancel = () => {
    setOpen(false)
    action.clear()
    requestAnimationFrame(() => opener.current?.focus())
  }

  return (
    <form class="stacked-form" onSubmit={onSubmit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{spec.label}</h3>
      {spec.expiry !== 'none' && (
        <label>
          {spec.expiryLabel ?? 'Expires on'}
          <input
            type="date"
            name="expiresAt"
            required={spec.expiry === 'required'}
            defaultValue={spec.defaultDay?.(exception)}
            ref={firstField as preact.Ref<HTMLInputElement>}
          />
        </label>
      )}
      <label>
        {spec.reasonLabel}
        <textarea
          name="reason"
          required={spec.reason === 'required'}
          maxLength={2000}
          ref={spec.expiry === 'none' ? (firstField as preact.Ref<HTMLTextAreaElement>) : undefined}
        />
      </label>
      {action.error !== null && <ErrorState error={action.error} />}
      <div class="page-actions">
        <button type="submit" class={spec.danger === true ? 'danger' : undefined} disabled={action.busy}>
          {spec.label}
        </button>
        <button type="button" class="secondary" onClick={cancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
