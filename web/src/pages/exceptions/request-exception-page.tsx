/**
 * Request a risk exception: by hand, or from a finding (the result page links here with the
 * finding's rule, submission, location and fingerprint in the query string). A fingerprint makes
 * the waiver follow that finding across line moves. The request waits for an admin.
 */
import { apiPost } from '../../api/api-client'
import type { RiskException } from '../../api/types'
import { ErrorState } from '../../components/load-state'
import { useAction } from '../../components/use-action'
import { Link, navigate, useLocation } from '../../router'
import { DAY_MS, dayOf, endOfDay } from './exception-days'

export function RequestExceptionPage() {
  const { query } = useLocation()
  const action = useAction()
  const fingerprint = query.get('fingerprint')
  const fromResult = query.get('fromResult')

  const onSubmit = async (event: Event) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    const text = (name: string) => String(form.get(name) ?? '').trim()
    const created = await action.run(() =>
      apiPost<RiskException>('/api/v1/exceptions', {
        ruleId: text('ruleId'),
        fileName: text('fileName'),
        location: text('location') === '' ? null : text('location'),
        fingerprint: fingerprint === null || fingerprint === '' ? null : fingerprint,
        reason: text('reason'),
        expiresAt: endOfDay(text('expiresAt')),
      }),
    )
    if (created !== undefined) navigate(`/exceptions/${created.id}?requested=1`)
  }

  return (
    <>
      {fromResult !== null && (
        <p>
          For a finding of <Link href={`/results/${encodeURIComponent(fromResult)}`}>this result</Link>.
        </p>
      )}
      <form class="stacked-form" onSubmit={onSubmit} aria-label="Request a risk exception">
        <label>
          Rule id
          <input name="ruleId" required maxLength={50} defaultValue={query.get('ruleId') ?? ''} />
        </label>
        <label>
          Submission (file or archive name)
          <input name="fileName" required maxLength={255} defaultValue={query.get('fileName') ?? ''} />
        </label>
        <label>
          Location (file:line; empty waives the rule in the whole submission)
          <input name="location" maxLength={300} defaultValue={query.get('location') ?? ''} />
        </label>
        {fingerprint !== null && fingerprint !== '' && (
          <p class="muted">
            Follows the finding <code>{fingerprint}</code> if its line moves; ends when its content changes.
          </p>
        )}
        <label>
          Why it is acceptable (the admin reads this)
          <textarea name="reason" required maxLength={2000} />
        </label>
        <label>
          Expires on (at most 365 days away)
          <input type="date" name="expiresAt" required defaultValue={dayOf(Date.now() + 30 * DAY_MS)} />
        </label>
        {action.error !== null && <ErrorState error={action.error} />}
        <button type="submit" disabled={action.busy}>
          {action.busy ? 'Requesting…' : 'Request the exception'}
        </button>
      </form>
    </>
  )
}
