/**
 * Credentials recognised by their form (not by a name): private-key blocks, cloud and SaaS token
 * formats, literal Authorization headers, passwords inside connection strings and URLs. Shared by
 * FC-UIP-HCD-001 (a hardcoded credential) and the data-flow analysis (such a literal is a secret
 * source), so both agree on what a literal secret looks like.
 *
 * @module
 */

/**
 * One shape: `pattern` decides; `mayMatch` is a substring test every match must pass (a literal
 * part of the pattern), so the regular expression runs only on the few constants that could match.
 * Every string constant of every file goes through these: the pre-tests are what keeps that cheap.
 */
interface CredentialShape {
  readonly kind: string
  readonly pattern: RegExp
  readonly mayMatch: (s: string) => boolean
}

const SHAPE_TABLE: readonly CredentialShape[] = [
  {
    kind: 'private key block',
    pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/,
    mayMatch: (s) => s.includes('PRIVATE KEY-----'),
  },
  {
    kind: 'AWS access key id',
    pattern: /(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Z0-9])/,
    mayMatch: (s) => s.includes('AKIA') || s.includes('ASIA'),
  },
  {
    kind: 'GitHub token',
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/,
    mayMatch: (s) => s.includes('gh') || s.includes('github_pat_'),
  },
  { kind: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/, mayMatch: (s) => s.includes('xox') },
  { kind: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}/, mayMatch: (s) => s.includes('AIza') },
  {
    kind: 'Stripe secret key',
    pattern: /\b[sr]k_live_[0-9A-Za-z]{16,}/,
    mayMatch: (s) => s.includes('k_live_'),
  },
  {
    kind: 'JSON Web Token',
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/,
    mayMatch: (s) => s.includes('eyJ'),
  },
  {
    kind: 'Authorization header value',
    // Anchored: the engine tries position 0 only, no pre-test needed.
    pattern: /^\s*(?:Authorization\s*:\s*)?(?:Bearer|Basic|Token)\s+[A-Za-z0-9._~+/-]{8,}=*\s*$/i,
    mayMatch: (s) => s.length >= 14,
  },
  {
    kind: 'password in a connection string',
    // `Password=` / `Pwd=` followed by a value inside the same constant (not `Password=" + pwd`).
    pattern: /(?:^|[;\s])(?:password|pwd)\s*=\s*(?!['"]?\s*(?:;|$))[^;{}\s]/i,
    mayMatch: (s) => s.includes('='),
  },
  {
    kind: 'password in a URL',
    pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@"']+:[^\s/@"'{}]+@[^\s/@]/i,
    mayMatch: (s) => s.includes('://') && s.includes('@'),
  },
  {
    kind: 'plain-text SecureString conversion',
    pattern: /ConvertTo-SecureString\s+(?:-String\s+)?['"][^'"$]+['"][^|\n]*-AsPlainText/i,
    mayMatch: (s) => s.includes('-'),
  },
]

/** Shape-based detectors, tried in order on each string constant; the first match names the finding. */
export const CREDENTIAL_SHAPES: readonly { readonly kind: string; readonly test: (s: string) => boolean }[] =
  SHAPE_TABLE.map(({ kind, pattern, mayMatch }) => ({
    kind,
    test: (s: string) => mayMatch(s) && pattern.test(s),
  }))

/** The kind of credential `value` is by its form, or undefined. */
export function credentialShapeOf(value: string): string | undefined {
  // The shortest constant any shape matches is a connection string's `pwd=x` (5 characters).
  if (value.length < 5) return undefined
  for (const shape of SHAPE_TABLE) if (shape.mayMatch(value) && shape.pattern.test(value)) return shape.kind
  return undefined
}
