/**
 * The RPA platforms Flowcerta governs, as one closed list. A platform is what a result, a pack and
 * a rule belong to (`platform` in results and in the webhook payload), and its three-letter code
 * is the middle of its rule ids (`FC-UIP-…`, `FC-PAF-…`, `FC-BPR-…`).
 *
 * Adding a platform: one entry here, then its input detection (src/input/platform-inputs.ts), its
 * analyzer (src/analysis/platform-analyzers.ts), its rules and at least one pack: docs/platforms.md.
 */
export const PLATFORMS = Object.freeze(['uipath', 'power-automate', 'blue-prism'] as const)

/** One of {@link PLATFORMS}. */
export type Platform = (typeof PLATFORMS)[number]

/** The code of each platform in rule ids: `FC-<CODE>-<CATEGORY CODE>-NNN`. */
export const PLATFORM_RULE_CODES: Readonly<Record<Platform, string>> = Object.freeze({
  uipath: 'UIP',
  'power-automate': 'PAF',
  'blue-prism': 'BPR',
})

/** How people write each platform's name (dashboard, docs, messages). */
export const PLATFORM_LABELS: Readonly<Record<Platform, string>> = Object.freeze({
  uipath: 'UiPath',
  'power-automate': 'Power Automate',
  'blue-prism': 'Blue Prism',
})

export function isPlatform(value: unknown): value is Platform {
  return typeof value === 'string' && (PLATFORMS as readonly string[]).includes(value)
}

/** The platform whose code is in a rule id (`FC-BPR-SEC-001` → `blue-prism`), or undefined. */
export function platformOfRuleId(ruleId: string): Platform | undefined {
  const code = ruleId.split('-')[1]
  return PLATFORMS.find((platform) => PLATFORM_RULE_CODES[platform] === code)
}

/**
 * The built-in pack a submission of each platform gets when neither the request nor the org names
 * one (the packs are src/analysis/packs/<slug>.json; the catalogue test checks each exists and is
 * of its platform).
 */
export const DEFAULT_POLICY_PACK_SLUGS: Readonly<Record<Platform, string>> = Object.freeze({
  uipath: 'uipath-reframework-baseline',
  'power-automate': 'power-automate-general',
  'blue-prism': 'blue-prism-general',
})
