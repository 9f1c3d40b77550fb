/**
 * Validate: one workflow (.xaml) or a project archive (.zip / .nupkg) posted as multipart to
 * POST /api/v1/validations; the stored result opens when it is scored.
 */
import { apiPost, type Page } from '../../api/api-client'
import type { PolicyPackSummary, ResultDetail } from '../../api/types'
import { ErrorState } from '../../components/load-state'
import { useAction } from '../../components/use-action'
import { useApi } from '../../components/use-api'
import { navigate } from '../../router'

export function UploadPage() {
  const packs = useApi<Page<PolicyPackSummary>>('/api/v1/policy-packs')
  const action = useAction()

  const onSubmit = async (event: Event) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    // Empty optional fields are left out: the API then uses the org's defaults.
    for (const name of ['label', 'policyPack'])
      if (String(form.get(name) ?? '').trim() === '') form.delete(name)
    const result = await action.run(() => apiPost<ResultDetail>('/api/v1/validations', form))
    if (result !== undefined) navigate(`/results/${result.validationId}`)
  }

  return (
    <form class="stacked-form" onSubmit={onSubmit} aria-label="Validate a workflow or a project">
      <label>
        Workflow or project archive
        <input type="file" name="file" required accept=".xaml,.zip,.nupkg" aria-describedby="upload-help" />
      </label>
      <p id="upload-help" class="muted">
        One .xaml workflow, or a project: a .zip of the project folder (with its project.json) or a .nupkg.
      </p>
      <label>
        Label (optional, e.g. a branch or release)
        <input name="label" maxLength={200} />
      </label>
      <label>
        Policy pack
        <select name="policyPack">
          <option value="">the org's default</option>
          {packs.state === 'ready' &&
            packs.data.items.map((pack) => (
              <option key={pack.slug} value={pack.slug}>
                {pack.name} ({pack.slug})
              </option>
            ))}
        </select>
      </label>
      {action.error !== null && <ErrorState error={action.error} />}
      <button type="submit" disabled={action.busy}>
        {action.busy ? 'Validating…' : 'Validate'}
      </button>
    </form>
  )
}
