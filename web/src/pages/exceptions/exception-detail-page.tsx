/**
 * One risk exception (/exceptions/{id}: where the Slack/Teams "expiring soon" buttons land): what
 * it waives, why, who asked and decided, its renewal; and the actions its state allows — admins
 * approve, reject or revoke and decide renewals; any member asks to renew an approved one.
 */
import { useEffect, useState } from 'preact/hooks'
import { isAdmin } from '../../api/session'
import type { RiskException } from '../../api/types'
import { LoadState } from '../../components/load-state'
import { TimeText } from '../../components/time-text'
import { useApi } from '../../components/use-api'
import { usePageTitle } from '../../layout/app-shell'
import { Link, useLocation } from '../../router'
import { DecisionForm, type DecisionSpec } from './decision-form'
import { renewalDay } from './exception-days'
import { ExceptionStatusBadge, exceptionScope } from './exception-status'

const APPROVE: DecisionSpec = {
  label: 'Approve',
  path: 'approve',
  expiry: 'optional',
  expiryLabel: 'Expires on (optional: only an earlier day than requested)',
  reason: 'optional',
  reasonLabel: 'Note (optional)',
}
const REJECT: DecisionSpec = {
  label: 'Reject',
  path: 'reject',
  expiry: 'none',
  reason: 'required',
  reasonLabel: 'Why it is rejected',
  danger: true,
}
const REVOKE: DecisionSpec = {
  label: 'Revoke',
  path: 'revoke',
  expiry: 'none',
  reason: 'optional',
  reasonLabel: 'Why (optional); the waiver ends at once',
  danger: true,
}
const RENEW: DecisionSpec = {
  label: 'Renew',
  path: 'renew',
  expiry: 'required',
  expiryLabel: 'New expiry (later than the current one)',
  defaultDay: (exception) => renewalDay(exception.expiresAt),
  reason: 'required',
  reasonLabel: 'Why it is still needed',
}
const APPROVE_RENEWAL: DecisionSpec = {
  label: 'Approve the renewal',
  path: 'renewal/approve',
  expiry: 'optional',
  expiryLabel: 'Expires on (optional: an earlier day than asked)',
  reason: 'optional',
  reasonLabel: 'Note (optional)',
}
const REJECT_RENEWAL: DecisionSpec = {
  label: 'Reject the renewal',
  path: 'renewal/reject',
  expiry: 'none',
  reason: 'required',
  reasonLabel: 'Why it is rejected',
  danger: true,
}

/** The actions the exception's state allows for this user (the API enforces the same). */
export function allowedActions(exception: RiskException, admin: boolean, now = Date.now()): DecisionSpec[] {
  const unexpired = Date.parse(exception.expiresAt) > now
  const pendingRenewal = exception.renewal?.status === 'pending'
  const actions: DecisionSpec[] = []
  if (exception.status === 'requested' && admin) actions.push(APPROVE, REJECT)
  if (exception.status === 'approved' && unexpired && !pendingRenewal) actions.push(RENEW)
  if (exception.status === 'approved' && pendingRenewal && admin)
    actions.push(APPROVE_RENEWAL, REJECT_RENEWAL)
  if (exception.status === 'approved' && admin) actions.push(REVOKE)
  return actions
}

function ExceptionFacts({ exception }: { exception: RiskException }) {
  return (
    <dl class="facts">
      <dt>Status</dt>
      <dd>
        <ExceptionStatusBadge exception={exception} />
      </dd>
      <dt>Rule</dt>
      <dd>
        <a href={`/docs/rules/${encodeURIComponent(exception.ruleId)}`}>{exception.ruleId}</a>
      </dd>
      <dt>Submission</dt>
      <dd>
        <Link href={`/results?fileName=${encodeURIComponent(exception.fileName)}`}>{exception.fileName}</Link>
      </dd>
      <dt>Where</dt>
      <dd>
        <code>{exceptionScope(exception)}</code>
        {exception.fingerprint !== null && exception.fingerprint !== undefined && (
          <span class="muted"> (follows its finding across line moves)</span>
        )}
      </dd>
      <dt>Reason</dt>
      <dd>{exception.reason}</dd>
      <dt>Expires</dt>
      <dd>
        <TimeText iso={exception.expiresAt} />
      </dd>
      <dt>Requested</dt>
      <dd>
        <TimeText iso={exception.createdAt} /> by {exception.requestedByEmail}
      </dd>
      <dt>Decision</dt>
      <dd>
        {exception.decidedAt === null ? (
          <span class="muted">none yet</span>
        ) : (
          <>
            <TimeText iso={exception.decidedAt} /> by {exception.decidedByEmail}
            {exception.decisionReason !== null && <>: {exception.decisionReason}</>}
          </>
        )}
      </dd>
      {exception.warnedAt !== null && (
        <>
          <dt>Expiry warning sent</dt>
          <dd>
            <TimeText iso={exception.warnedAt} />
          </dd>
        </>
      )}
    </dl>
  )
}

function RenewalFacts({ renewal }: { renewal: NonNullable<RiskException['renewal']> }) {
  return (
    <>
      <h2>Renewal</h2>
      <dl class="facts">
        <dt>Status</dt>
        <dd>{renewal.status}</dd>
        <dt>Until</dt>
        <dd>
          <TimeText iso={renewal.expiresAt} />
        </dd>
        <dt>Asked</dt>
        <dd>
          <TimeText iso={renewal.requestedAt} /> by {renewal.requestedByEmail}: {renewal.reason}
        </dd>
        {renewal.decidedAt !== null && (
          <>
            <dt>Decision</dt>
            <dd>
              <TimeText iso={renewal.decidedAt} /> by {renewal.decidedByEmail ?? '—'}
              {renewal.decisionReason !== null && <>: {renewal.decisionReason}</>}
            </dd>
          </>
        )}
      </dl>
    </>
  )
}

function ExceptionView({ initial }: { initial: RiskException }) {
  const { query } = useLocation()
  const [exception, setException] = useState(initial)
  const [notice, setNotice] = useState<string | null>(
    query.get('requested') === '1' ? 'Requested: an admin approves or rejects it.' : null,
  )
  useEffect(() => setException(initial), [initial])
  const actions = allowedActions(exception, isAdmin())
  return (
    <>
      {notice !== null && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <ExceptionFacts exception={exception} />
      {exception.renewal !== null && <RenewalFacts renewal={exception.renewal} />}
      {actions.length > 0 && (
        <section aria-labelledby="exception-actions">
          <h2 id="exception-actions">Actions</h2>
          <div class="page-actions">
            {actions.map((spec) => (
              <DecisionForm
                key={`${exception.status}:${exception.renewal?.status ?? ''}:${spec.path}`}
                exception={exception}
                spec={spec}
                onDone={(updated, what) => {
                  setException(updated)
                  setNotice(
                    `${what}: done. The exception is ${updated.status}${updated.renewal === null ? '' : `, its renewal ${updated.renewal.status}`}.`,
                  )
                }}
              />
            ))}
          </div>
        </section>
      )}
    </>
  )
}

export function ExceptionDetailPage({ params }: { params: Record<string, string> }) {
  const loaded = useApi<RiskException>(`/api/v1/exceptions/${encodeURIComponent(params.id ?? '')}`)
  usePageTitle(loaded.state === 'ready' ? `Exception ${loaded.data.ruleId} in ${loaded.data.fileName}` : null)
  return (
    <LoadState
      loaded={loaded}
      what="the exception"
      ready={(exception) => <ExceptionView initial={exception} />}
    />
  )
}
