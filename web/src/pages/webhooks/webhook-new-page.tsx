/**
 * Create a webhook (admin). The API answers with the signing secret this once: it is shown here
 * with a copy button and a warning, kept only in memory, and gone after a reload.
 */
import { useState } from 'preact/hooks'
import { apiPost } from '../../api/api-client'
import { ActionError } from '../../components/action-error'
import { SecretOnce } from '../../components/secret-once'
import { useAction } from '../../components/use-action'
import { Link, navigate } from '../../router'
import { WebhookForm } from './webhook-form'
import type { WebhookWithSecret } from './webhook-types'

export function WebhookNewPage() {
  const action = useAction()
  const [created, setCreated] = useState<WebhookWithSecret | null>(null)

  if (created !== null) {
    return (
      <>
        <p role="status">
          Webhook created for <code class="break">{created.url}</code>.
        </p>
        <SecretOnce
          label="Signing secret"
          value={created.secret}
          onDone={() => navigate(`/webhooks/${created.id}`)}
        />
        <p>
          <Link href={`/webhooks/${created.id}`}>Go to the webhook</Link>
        </p>
      </>
    )
  }
  return (
    <>
      <p>
        <Link href="/webhooks">All webhooks</Link>
      </p>
      <WebhookForm
        initial={{ url: '', target: 'generic', events: [], description: null }}
        submitLabel="Create webhook"
        busy={action.busy}
        onSubmit={async (fields) => {
          const made = await action.run(() => apiPost<WebhookWithSecret>('/api/v1/org-webhooks', fields))
          if (made !== undefined) setCreated(made)
        }}
      />
      <ActionError error={action.error} />
    </>
  )
}
