/**
 * Sign-in: the API key is posted once to POST /api/v1/sessions and exchanged for an HttpOnly
 * session cookie; it is never written to storage. Afterwards the user goes back to `?next=`.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks'
import { ApiError } from '../api/api-client'
import { signIn } from '../api/session'
import { navigate, safeNextPath, useLocation } from '../router'

export function SignInPage() {
  const { query } = useLocation()
  const [apiKey, setApiKey] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const input = useRef<HTMLInputElement>(null)

  // In the same task as the render (see AppShell): a late focus() would take the caret from a user already typing.
  useLayoutEffect(() => {
    document.title = 'Sign in · Flowcerta'
    input.current?.focus()
  }, [])

  const onSubmit = async (event: Event) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await signIn(apiKey.trim())
      setApiKey('')
      navigate(safeNextPath(query.get('next')), { replace: true })
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 401
          ? 'That API key is not valid (or was revoked).'
          : failure instanceof ApiError
            ? failure.message
            : 'Sign-in failed.',
      )
    } finally {
      setBusy(false)
    }
  }

  return (
    <main id="main" class="sign-in">
      <h1>Sign in to Flowcerta</h1>
      <form onSubmit={onSubmit} aria-describedby="sign-in-help">
        <label for="api-key">API key</label>
        <input
          id="api-key"
          ref={input}
          type="password"
          autocomplete="off"
          spellcheck={false}
          required
          value={apiKey}
          onInput={(event) => setApiKey((event.target as HTMLInputElement).value)}
          aria-invalid={error !== null}
          aria-describedby={error !== null ? 'sign-in-error' : undefined}
        />
        <p id="sign-in-help" class="muted">
          Your key (fc_…) is exchanged for a session; the browser does not keep it.
        </p>
        {error !== null && (
          <p id="sign-in-error" class="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy || apiKey.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  )
}
