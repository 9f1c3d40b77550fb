/** The reliability rules. Adding a rule here = one import and one entry. */
import type { Rule } from '../rule.js'
import { hardcodedDelayRule } from './fc-uip-rel-001.js'
import { hardcodedUiDelayRule } from './fc-uip-rel-002.js'
import { loopWithoutExitRule } from './fc-uip-rel-003.js'
import { largeSelectorIdxRule } from './fc-uip-rel-004.js'
import { persistenceActivityInForEachRule } from './fc-uip-rel-005.js'
import { nonSerializableInPersistenceScopeRule } from './fc-uip-rel-006.js'
import { openApplicationForBrowserRule } from './fc-uip-rel-007.js'
import { simulatedInputRule } from './fc-uip-rel-008.js'
import { databaseConnectionNotClosedRule } from './fc-uip-rel-009.js'
import { nonAllowedSelectorAttributeRule } from './fc-uip-rel-010.js'
import { uiActivitiesWithoutContainerRule } from './fc-uip-rel-011.js'

export const RELIABILITY_RULES: readonly Rule[] = [
  hardcodedDelayRule,
  hardcodedUiDelayRule,
  loopWithoutExitRule,
  largeSelectorIdxRule,
  persistenceActivityInForEachRule,
  nonSerializableInPersistenceScopeRule,
  openApplicationForBrowserRule,
  simulatedInputRule,
  databaseConnectionNotClosedRule,
  nonAllowedSelectorAttributeRule,
  uiActivitiesWithoutContainerRule,
]
