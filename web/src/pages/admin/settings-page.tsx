/**
 * Settings: the score threshold (scores under it fire validation.below_threshold), how many days
 * before expiry exceptions warn, and the default policy pack. Members read; admins change.
 */
import { useState } from 'preact/hooks'
import { apiPatch, type Page } from '../../api/api-client'
import { isAdmin } from '../../api/session'
import { ActionError } from '../../components/action-error'
import { LoadState } from '../../components/load-state'
import { TimeText } from '../../components/time-text'
import { useAction } from '../../components/use-action'
import { useApi } from '../../components/use-api'

interface OrgSettings {
  scoreThreshold: number | null
  exceptionWarningDays: number
  defaultPolicyPack: string
  updatedAt: string | null
}

interface PackSummary {
  slug: string
  name?: string
}

export function SettingsPage() {
  const loaded = useApi<OrgSettings>('/api/v1/org-settings')
  const packs = useApi<Page<PackSummary>>('/api/v1/policy-packs')
  // Kept here, not in the form: the reload after saving unmounts the form while it loads.
  const [done, setDone] = useState(false)
  return (
    <>
      <p aria-live="polite">{done && <span role="status">Settings saved.</span>}</p>
      <LoadState
        loaded={loaded}
        what="settings"
        ready={(settings) => (
          <LoadState
            loaded={packs}
            what="policy packs"
            ready={(page) => (
              <SettingsForm
                settings={settings}
                packs={page.items}
                saved={(ok) => {
                  setDone(ok)
                  if (ok) loaded.reload()
                }}
              />
            )}
          />
        )}
      />
    </>
  )
}

function SettingsForm({
  settings,
  packs,
  saved,
}: {
  settings: OrgSettings
  packs: PackSummary[]
  saved: (ok: boolean) => void
}) {
  const admin = isAdmin()
  const action = useAction()
  const [threshold, setThreshold] = useState(
    settings.scoreThreshold === null ? '' : String(settings.scoreThreshold),
  )
  const [days, setDays] = useState(String(settings.exceptionWarningDays))
  const [pack, setPack] = useState(settings.defaultPolicyPack)

  const submit = async (event: Event) => {
    event.preventDefault()
    saved(false)
    const body = {
      scoreThreshold: threshold.trim() === '' ? null : Number(threshold),
      exceptionWarningDays: Number(days),
      defaultPolicyPack: pack,
    }
    if ((await action.run(() => apiPatch<OrgSettings>('/api/v1/org-settings', body))) !== undefined) {
      saved(true)
    }
  }

  return (
    <form class="stacked-form" onSubmit={submit}>
      {!admin && <p class="muted">Only an admin can change these settings.</p>}
      <fieldset disabled={!admin || action.busy}>
        <legend class="visually-hidden">Org settings</legend>
        <label>
          Score threshold (0–100; empty for none)
          <input
            type="number"
            name="scoreThreshold"
            min={0}
            max={100}
            value={threshold}
            aria-describedby="threshold-help"
            onInput={(event) => setThreshold((event.target as HTMLInputElement).value)}
          />
        </label>
        <p id="threshold-help" class="muted">
          A validation scoring under it sends validation.below_threshold.
        </p>
        <label>
          Warn about expiring exceptions (days before)
          <input
            type="number"
            name="exceptionWarningDays"
            min={1}
            max={90}
            required
            value={days}
            onInput={(event) => setDays((event.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          Default policy pack
          <select
            name="defaultPolicyPack"
            value={pack}
            onChange={(event) => setPack((event.target as HTMLSelectElement).value)}
          >
            {packs.map((item) => (
              <option key={item.slug} value={item.slug}>
                {item.name === undefined ? item.slug : `${item.name} (${item.slug})`}
              </option>
            ))}
          </select>
        </label>
        {admin && (
          <p>
            <button type="submit">{action.busy ? 'Saving…' : 'Save settings'}</button>
          </p>
        )}
      </fieldset>
      <ActionError error={action.error} />
      <p class="muted">
        Last changed: <TimeText iso={settings.updatedAt} />
      </p>
    </form>
  )
}
