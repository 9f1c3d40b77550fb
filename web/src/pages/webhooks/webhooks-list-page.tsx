/**
 * Webhooks (admin): each webhook's receiver, target, events, whether it is on (and why not), its
 * last delivery and success rate; a link to create one and to each webhook's page.
 */
import { type Page, withQuery } from '../../api/api-client'
import { PagedTable } from '../../components/data-table'
import { usePager } from '../../components/pager'
import { useApi } from '../../components/use-api'
import { Link } from '../../router'
import { LastDeliveryText } from './delivery-status'
import { disabledReasonText, successRateText, type Webhook } from './webhook-types'

export function WebhooksListPage() {
  const pager = usePager()
  const loaded = useApi<Page<Webhook>>(withQuery('/api/v1/org-webhooks', { limit: 50, cursor: pager.cursor }))
  return (
    <>
      <p>
        <Link href="/webhooks/new" class="button">
          New webhook
        </Link>
      </p>
      <PagedTable
        loaded={loaded}
        what="webhooks"
        empty="No webhooks yet. Create one to send events to Slack, Teams or your own receiver."
        caption="Webhooks"
        columns={['Receiver', 'Target', 'Events', 'State', 'Last delivery', 'Success rate']}
        pager={pager}
        row={(webhook) => <WebhookRow key={webhook.id} webhook={webhook} />}
      />
    </>
  )
}

function WebhookRow({ webhook }: { webhook: Webhook }) {
  return (
    <tr>
      <td>
        <Link href={`/webhooks/${webhook.id}`}>{webhook.description ?? webhook.url}</Link>
        {webhook.description !== null && <div class="muted break">{webhook.url}</div>}
      </td>
      <td>{webhook.target}</td>
      <td>
        {webhook.events.map((name) => (
          <code key={name} class="tag">
            {name === '*' ? 'all events' : name}
          </code>
        ))}
      </td>
      <td>{webhook.enabled ? 'enabled' : `disabled: ${disabledReasonText(webhook.disabledReason)}`}</td>
      <td>
        <LastDeliveryText last={webhook.lastDelivery} />
      </td>
      <td>{successRateText(webhook) ?? <span class="muted">—</span>}</td>
    </tr>
  )
}
