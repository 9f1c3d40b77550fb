/**
 * Shared by the security rules (FC-UIP-SEC-003, FC-UIP-SEC-004): decide whether a variable or
 * argument *name* says it holds a secret. Not a rule: it lives in support/ so the catalogue test
 * ignores it.
 *
 * Names are split into words (camelCase, PascalCase, `_`, digits, UPPER runs: `in_DBPassword` →
 * `in`, `db`, `password`) and compared word by word, never by substring, so `PassedTestsCounter`,
 * `Mapping` or `Shipping` never look like `pass` / `pin`. Two adjacent words are also tried joined
 * (`ApiKey` → `apikey`, `ClientSecret` → `clientsecret`). A name whose *last* word says it is
 * metadata about the secret (`PasswordAssetName`, `TokenExpiry`, `IsPasswordValid`) is not a secret.
 *
 * @module
 */

/** Default secret words (lower case, whole words). `credential` is left out on purpose: REFramework's `in_Credential` is an asset name. */
export const DEFAULT_SECRET_WORDS: readonly string[] = Object.freeze([
  'password',
  'passwd',
  'pwd',
  'pass',
  'passcode',
  'passphrase',
  'secret',
  'clientsecret',
  'token',
  'pin',
  'apikey',
  'privatekey',
])

/** Default last words that make a name metadata about a secret rather than the secret itself. */
export const DEFAULT_METADATA_SUFFIXES: readonly string[] = Object.freeze([
  'name',
  'names',
  'asset',
  'assets',
  'length',
  'len',
  'count',
  'counter',
  'expiry',
  'expiration',
  'expires',
  'expired',
  'date',
  'time',
  'hint',
  'policy',
  'field',
  'label',
  'selector',
  'changed',
  'reset',
  'required',
  'valid',
  'invalid',
  'found',
  'exists',
  'attempts',
  'retries',
  'url',
  'path',
  'file',
  'folder',
  'type',
  'prompt',
  'message',
  'msg',
])

// Word boundaries: lower→Upper (`dbPassword`), UPPER→Upper+lower (`DBPassword` → `DB`, `Password`),
// letter↔digit, and any non-alphanumeric run (`in_`, `-`).
const WORD_PATTERN = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g

/** The words of an identifier, lower-cased (`in_DBPassword2` → `in`, `db`, `password`, `2`). */
export function identifierWords(name: string): string[] {
  return (name.match(WORD_PATTERN) ?? []).map((word) => word.toLowerCase())
}

/** A reusable matcher for a rule's word lists (built once per pair of lists, see sensitiveNameMatcher). */
export interface SensitiveNameMatcher {
  /** True when `name` says it holds a secret (see the module doc). */
  isSensitive(name: string): boolean
}

/**
 * Matchers already built, by the word lists they were built from: rules build theirs from their
 * options on every file, and those arrays are the pack's (the same objects for every file).
 */
const MATCHERS = new WeakMap<readonly string[], WeakMap<readonly string[], SensitiveNameMatcher>>()
/** Names decided per matcher before its cache starts again (it lives as long as the pack). */
const MAX_CACHED_NAMES = 10_000

/** A matcher for these word lists (case-insensitive), built once per pair of lists. */
export function sensitiveNameMatcher(
  secretWords: readonly string[],
  metadataSuffixes: readonly string[],
): SensitiveNameMatcher {
  let bySuffixes = MATCHERS.get(secretWords)
  if (bySuffixes === undefined) {
    bySuffixes = new WeakMap()
    MATCHERS.set(secretWords, bySuffixes)
  }
  let matcher = bySuffixes.get(metadataSuffixes)
  if (matcher === undefined) {
    matcher = buildSensitiveNameMatcher(secretWords, metadataSuffixes)
    bySuffixes.set(metadataSuffixes, matcher)
  }
  return matcher
}

function buildSensitiveNameMatcher(
  secretWords: readonly string[],
  metadataSuffixes: readonly string[],
): SensitiveNameMatcher {
  const secrets = new Set(secretWords.map((word) => word.toLowerCase()))
  const metadata = new Set(metadataSuffixes.map((word) => word.toLowerCase()))
  const cache = new Map<string, boolean>()
  const compute = (name: string): boolean => {
    const words = identifierWords(name)
    const last = words[words.length - 1]
    if (last === undefined || metadata.has(last)) return false
    for (let i = 0; i < words.length; i++) {
      const word = words[i] as string
      if (secrets.has(word)) return true
      const next = words[i + 1]
      if (next !== undefined && secrets.has(word + next)) return true
    }
    return false
  }
  return {
    isSensitive(name) {
      let known = cache.get(name)
      if (known === undefined) {
        known = compute(name)
        if (cache.size >= MAX_CACHED_NAMES) cache.clear()
        cache.set(name, known)
      }
      return known
    },
  }
}

/** CLR name of SecureString as the model resolves it. */
export const SECURE_STRING_TYPE = 'System.Security.SecureString'
