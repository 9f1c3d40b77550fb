/**
 * Where each rule's documentation lives. Every rule has `docs/rules/<ruleId>.md` in the repository
 * (kept in step by the catalogue test); findings and SARIF point at its published copy.
 */

/**
 * Default base URL of the published docs/rules/ folder. Deployments that publish the docs
 * elsewhere pass `docsBaseUrl` to the analyzer.
 */
export const DEFAULT_RULE_DOCS_BASE_URL = 'https://flowcerta.dev/docs/rules/'

/** Repository path of a rule's doc page, relative to the project root. */
export function ruleDocsPath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`
}

/** Absolute URL of a rule's doc page. */
export function ruleDocsUrl(ruleId: string, baseUrl: string = DEFAULT_RULE_DOCS_BASE_URL): string {
  return `${baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`}${ruleId}.md`
}
