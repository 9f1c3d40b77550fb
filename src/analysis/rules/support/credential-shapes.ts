/**
 * Credentials recognised by their form (not by a name): private-key blocks, cloud and SaaS token
 * formats, literal Authorization headers, passwords inside connection strings and URLs. Shared by
 * FC-UIP-HCD-001 (a hardcoded credential) and the data-flow analysis (such a literal is a secret
 * source), so both agree on what a literal secret looks like.
 *
 * @module
 */

/** Shape-based detectors, tried in order on each string constant; the first match names the finding. */
export const CREDENTIAL_SHAPES: readonly { readonly kind: string; readonly test: (s: string) => boolean }[] =
  [
    { kind: 'private key block', test: (s) => /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/.test(s) },
    { kind: 'AWS access key id', test: (s) => /(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Z0-9])/.test(s) },
    {
      kind: 'GitHub token',
      test: (s) => /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/.test(s),
    },
    { kind: 'Slack token', test: (s) => /\bxox[abposr]-[A-Za-z0-9-]{10,}/.test(s) },
    { kind: 'Google API key', test: (s) => /\bAIza[0-9A-Za-z_-]{35}/.test(s) },
    { kind: 'Stripe secret key', test: (s) => /\b[sr]k_live_[0-9A-Za-z]{16,}/.test(s) },
    {
      kind: 'JSON Web Token',
      test: (s) => /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/.test(s),
    },
    {
      kind: 'Authorization header value',
      test: (s) =>
        /^\s*(?:Authorization\s*:\s*)?(?:Bearer|Basic|Token)\s+[A-Za-z0-9._~+/-]{8,}=*\s*$/i.test(s),
    },
    {
      kind: 'password in a connection string',
      // `Password=` / `Pwd=` followed by a value inside the same constant (not `Password=" + pwd`).
      test: (s) => /(?:^|[;\s])(?:password|pwd)\s*=\s*(?!['"]?\s*(?:;|$))[^;{}\s]/i.test(s),
    },
    {
      kind: 'password in a URL',
      test: (s) => /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@"']+:[^\s/@"'{}]+@[^\s/@]/i.test(s),
    },
    {
      kind: 'plain-text SecureString conversion',
      test: (s) => /ConvertTo-SecureString\s+(?:-String\s+)?['"][^'"$]+['"][^|\n]*-AsPlainText/i.test(s),
    },
  ]

/** The kind of credential `value` is by its form, or undefined. */
export function credentialShapeOf(value: string): string | undefined {
  return CREDENTIAL_SHAPES.find((shape) => shape.test(value))?.kind
}
