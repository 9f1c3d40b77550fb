/**
 * API keys: admins see the org's keys, create one (the key is shown once) and revoke; members see
 * their own keys only (the API decides) and no controls.
 */
import { useState } from 'preact/hooks'
import { apiDelete, apiPost, type Page, withQuery } from '../../api/api-client'
import { isAdmin } from '../../api/session'
import { ActionError } from '../../components/action-error'
import { ConfirmButton } from '../../components/confirm-button'
import { PagedTable } from '../../components/data-table'
import { usePager } from '../../components/pager'
import { SecretOnce } from '../../components/secret-once'
import { TimeText } from '../../components/time-text'
import { useAction } from '../../components/use-action'
import { useApi } from '../../components/use-api'

interface ApiKey {
  id: string
  prefix: string
  name: string | null
  email: string
  role: 'admin' | 'member'
  createdAt: string
  lastUsedAt: string | null
  revokedAt: string | null
}

export function ApiKeysPage() {
  const admin = isAdmin()
  const pager = usePager()
  const loaded = useApi<Page<ApiKey>>(withQuery('/api/v1/api-keys', { limit: 50, cursor: pager.cursor }))
  const action = useAction()
  const [issued, setIssued] = useState<string | null>(null)

  const revoke = async (id: string) => {
    const done = await action.run(async () => {
      await apiDelete<void>(`/api/v1/api-keys/${id}`)
      return true
    })
    if (done === true) loaded.reload()
  }

  return (
    <>
      {admin && issued === null && (
        <CreateKeyForm
          onCreated={(apiKey) => {
            setIssued(apiKey)
            loaded.reload()
          }}
        />
      )}
      {issued !== null && <SecretOnce label="New API key" value={issued} onDone={() => setIssued(null)} />}
      <ActionError error={action.error} />
      <PagedTable
        loaded={loaded}
        what="API keys"
        empty="No API keys."
        caption="API keys"
        columns={['Key', 'User', 'Role', 'Created', 'Last used', 'State']}
        pager={pager}
        row={(key) => (
          <tr key={key.id}>
            <td>
              <code>{key.prefix}…</code>
              {key.name !== null && <div>{key.name}</div>}
            </td>
            <td>{key.email}</td>
            <td>{key.role}</td>
            <td>
              <TimeText iso={key.createdAt} />
            </td>
            <td>
              <TimeText iso={key.lastUsedAt} />
            </td>
            <td>
              {key.revokedAt !== null ? (
                <>
                  revoked <TimeText iso={key.revokedAt} />
                </>
              ) : admin ? (
                <ConfirmButton
                  label={`Revoke ${key.prefix}`}
                  title={`Revoke the key ${key.prefix}…?`}
                  confirmLabel="Revoke key"
                  onConfirm={() => revoke(key.id)}
                  disabled={action.busy}
                >
                  <p>
                    Requests with this key ({key.email}) are refused from now on and its dashboard sessions
                    end. This cannot be undone.
                  </p>
                </ConfirmButton>
              ) : (
                'active'
              )}
            </td>
          </tr>
        )}
      />
    </>
  )
}

function CreateKeyForm({ onCreated }: { onCreated: (apiKey: string) => void }) {
  const action = useAction()
  const submit = async (event: Event) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    const name = String(form.get('name') ?? '').trim()
    const body = {
      email: String(form.get('email') ?? '').trim(),
      role: String(form.get('role') ?? 'member'),
      ...(name === '' ? {} : { name }),
    }
    const made = await action.run(() => apiPost<{ apiKey: string }>('/api/v1/api-keys', body))
    if (made !== undefined) onCreated(made.apiKey)
  }
  return (
    <section aria-labelledby="new-key-title">
      <h2 id="new-key-title">New API key</h2>
      <form class="filters" onSubmit={submit}>
        <label>
          User's email <input type="email" name="email" required maxLength={254} />
        </label>
        <label>
          Role
          <select name="role" defaultValue="member">
            <option value="member">member</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <label>
          Name (optional) <input name="name" maxLength={100} placeholder="CI pipeline" />
        </label>
        <button type="submit" disabled={action.busy}>
          Create key
        </button>
      </form>
      <ActionError error={action.error} />
    </section>
  )
}
