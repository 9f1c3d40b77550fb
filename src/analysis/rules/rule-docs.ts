/**
 * Where each rule's documentation lives: the one home of every finding's `docsUrl`, the SARIF
 * `helpUri` and the catalogue's `docsUrl`. Every rule has `docs/rules/<ruleId>.md` in the
 * repository (kept in step by the catalogue test), and every Flowcerta instance serves it as HTML
 * at `<public URL>/docs/rules/<ruleId>` (src/api/routes/docs-pages/), so links point at the
 * instance that produced the finding rather than at a site that may not be reachable from it.
 *
 * Where the base comes from:
 * - the API (findings, catalogue): `FLOWCERTA_PUBLIC_URL` (default `http://<host>:<port>`), via
 *   {@link instanceRuleDocsBaseUrl};
 * - `flowcerta validate` (no server): `--docs-base-url`, else `FLOWCERTA_PUBLIC_URL` + `/docs/rules`,
 *   else {@link DEFAULT_RULE_DOCS_BASE_URL} (what `flowcerta serve` serves with default settings).
 */

/** The path at which an instance serves the rule pages. */
export const RULE_DOCS_ROUTE = '/docs/rules'

/**
 * Rule pages of an instance started with the default host and port (`flowcerta serve`, no
 * FLOWCERTA_PUBLIC_URL): the analyzer's and the CLI's fallback. A test keeps it equal to the
 * configuration's default public URL.
 */
export const DEFAULT_RULE_DOCS_BASE_URL = `http://127.0.0.1:8080${RULE_DOCS_ROUTE}`

/** Repository path of a rule's doc page, relative to the project root. */
export function ruleDocsPath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`
}

/** Base URL of the rule pages an instance at `publicUrl` (FLOWCERTA_PUBLIC_URL) serves. */
export function instanceRuleDocsBaseUrl(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${RULE_DOCS_ROUTE}`
}

/** Absolute URL of a rule's page under `baseUrl` (the rule pages' base, with or without a final `/`). */
export function ruleDocsUrl(ruleId: string, baseUrl: string = DEFAULT_RULE_DOCS_BASE_URL): string {
  return `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(ruleId)}`
}
