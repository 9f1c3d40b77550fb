/**
 * The analyzer of each platform other than UiPath (UiPath's are analyze.ts and
 * analyze-project.ts). Adding a platform = one entry here (see docs/platforms.md).
 *
 * @module
 */
import type { Platform } from '../domain/platforms.js'
import { bluePrismAnalyzer } from './blue-prism/blue-prism-analyzer.js'
import type { PlatformAnalyzer } from './platform-analyzer.js'
import { powerAutomateAnalyzer } from './power-automate/power-automate-analyzer.js'

const ANALYZERS: Readonly<Record<Exclude<Platform, 'uipath'>, PlatformAnalyzer>> = Object.freeze({
  'blue-prism': bluePrismAnalyzer,
  'power-automate': powerAutomateAnalyzer,
})

/** The analyzer that reads `platform`'s submissions. */
export function platformAnalyzer(platform: Exclude<Platform, 'uipath'>): PlatformAnalyzer {
  return ANALYZERS[platform]
}
