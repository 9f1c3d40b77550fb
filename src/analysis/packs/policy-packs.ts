/**
 * The built-in policy packs and the default scoring weights, read from the JSON files beside this
 * module and validated once, on first use. `listPolicyPacks()` / `getPolicyPack(slug)` are the
 * only way the rest of the code gets a pack.
 *
 * @module
 */
import { DEFAULT_POLICY_PACK_SLUGS } from '../../domain/platforms.js'
import { RULES } from '../rules/index.js'
import type { SeverityWeights } from '../scoring.js'
import bluePrismGeneralJson from './blue-prism-general.json' with { type: 'json' }
import { type PolicyPack, PolicyPackError, parsePolicyPack, parseSeverityWeights } from './policy-pack.js'
import powerAutomateGeneralJson from './power-automate-general.json' with { type: 'json' }
import scoringWeightsJson from './scoring-weights.json' with { type: 'json' }
import uipathGeneralJson from './uipath-general.json' with { type: 'json' }
import uipathReframeworkBaselineJson from './uipath-reframework-baseline.json' with { type: 'json' }
import uipathSecurityJson from './uipath-security.json' with { type: 'json' }

export { DEFAULT_POLICY_PACK_SLUGS } from '../../domain/platforms.js'

/** The pack used for a UiPath submission when none is named (nor an org default). */
export const DEFAULT_POLICY_PACK_SLUG = DEFAULT_POLICY_PACK_SLUGS.uipath

/** Built-in pack files, by file name (for error messages). Add a pack = one JSON file + one line. */
const PACK_FILES: ReadonlyArray<readonly [string, unknown]> = [
  ['uipath-reframework-baseline.json', uipathReframeworkBaselineJson],
  ['uipath-general.json', uipathGeneralJson],
  ['uipath-security.json', uipathSecurityJson],
  ['power-automate-general.json', powerAutomateGeneralJson],
  ['blue-prism-general.json', bluePrismGeneralJson],
]

let defaultWeights: SeverityWeights | undefined
let packs: ReadonlyMap<string, PolicyPack> | undefined

/** The default severity weights (scoring-weights.json): critical 25, high 6, medium 3, low 1. */
export function getDefaultSeverityWeights(): SeverityWeights {
  defaultWeights ??= parseSeverityWeights(scoringWeightsJson, 'scoring-weights.json')
  return defaultWeights
}

function loadPacks(): ReadonlyMap<string, PolicyPack> {
  if (packs) return packs
  const loaded = new Map<string, PolicyPack>()
  for (const [file, raw] of PACK_FILES) {
    const pack = parsePolicyPack(raw, file, RULES, getDefaultSeverityWeights())
    if (`${pack.slug}.json` !== file)
      throw new PolicyPackError(`Invalid policy pack ${file}: slug must match the file name`)
    loaded.set(pack.slug, pack)
  }
  packs = loaded
  return packs
}

/** Every built-in pack, in a stable order (baseline first). */
export function listPolicyPacks(): readonly PolicyPack[] {
  return [...loadPacks().values()]
}

/** The pack with this slug, or undefined. */
export function getPolicyPack(slug: string): PolicyPack | undefined {
  return loadPacks().get(slug)
}
