/** The project rules (they see the whole project). Adding a rule here = one import and one entry. */
import type { Rule } from '../rule.js'
import { invokedWorkflowMissingRule } from './fc-uip-prj-001.js'
import { invokeArgumentMismatchRule } from './fc-uip-prj-002.js'
import { unreachableWorkflowRule } from './fc-uip-prj-003.js'
import { mainWorkflowMissingRule } from './fc-uip-prj-004.js'
import { projectJsonMissingRule } from './fc-uip-prj-005.js'
import { expressionLanguageMismatchRule } from './fc-uip-prj-006.js'
import { unusedDependencyRule } from './fc-uip-prj-007.js'
import { undeclaredPackageRule } from './fc-uip-prj-008.js'
import { persistenceActivityOutsideMainRule } from './fc-uip-prj-009.js'
import { delayInPersistentMainRule } from './fc-uip-prj-010.js'
import { unhandledExternalCallRule } from './fc-uip-prj-011.js'
import { unusedSavedValueRule } from './fc-uip-prj-012.js'
import { savedValueUsedBeforeSavedRule } from './fc-uip-prj-013.js'

export const PROJECT_RULES: readonly Rule[] = [
  invokedWorkflowMissingRule,
  invokeArgumentMismatchRule,
  unreachableWorkflowRule,
  mainWorkflowMissingRule,
  projectJsonMissingRule,
  expressionLanguageMismatchRule,
  unusedDependencyRule,
  undeclaredPackageRule,
  persistenceActivityOutsideMainRule,
  delayInPersistentMainRule,
  unhandledExternalCallRule,
  unusedSavedValueRule,
  savedValueUsedBeforeSavedRule,
]
