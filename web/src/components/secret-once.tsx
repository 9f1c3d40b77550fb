/**
 * A secret the API returns once (a webhook's signing secret, a new API key): shown with a copy
 * button and a warning. It lives only in the page's memory, so a reload or leaving the page
 * loses it for good — as the warning says.
 */
import { useState } from 'preact/hooks'

export function SecretOnce({ label, value, onDone }: { label: string; value: string; onDone: () => void }) {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no')
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value)
      setCopied('yes')
    } catch {
      setCopied('failed')
    }
  }
  return (
    <section class="secret-once" aria-labelledby="secret-once-title">
      <h2 id="secret-once-title">{label}</h2>
      <p class="warning" role="alert">
        Copy it now and keep it somewhere safe: it is shown only this once and cannot be shown again.
      </p>
      <p>
        <code class="secret-value" data-testid="secret-value">
          {value}
        </code>
      </p>
      <p class="actions">
        <button type="button" onClick={copy}>
          Copy to clipboard
        </button>
        <button type="button" class="secondary" onClick={onDone}>
          I have stored it
        </button>
        <span role="status" aria-live="polite">
          {copied === 'yes'
            ? 'Copied.'
            : copied === 'failed'
              ? 'Copying failed: select the text and copy it.'
              : ''}
        </span>
      </p>
    </section>
  )
}
