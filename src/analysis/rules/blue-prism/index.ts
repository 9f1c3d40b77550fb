/** Blue Prism's rules (`FC-BPR-…`): one import and one entry per rule (see docs/platforms.md). */
import type { Rule } from '../rule.js'
import { recoverWithoutResumeRule } from './fc-bpr-err-001.js'
import { resumeOutsideRecoveryRule } from './fc-bpr-err-002.js'
import { exceptionWithoutTypeOrDetailRule } from './fc-bpr-err-003.js'
import { pageWithoutExceptionHandlingRule } from './fc-bpr-err-004.js'
import { credentialValueInWorkflowRule } from './fc-bpr-hcd-001.js'
import { hardcodedPathOrUrlRule } from './fc-bpr-hcd-002.js'
import { unusedDataItemRule } from './fc-bpr-mnt-001.js'
import { unreachableStageRule } from './fc-bpr-mnt-002.js'
import { fixedWaitRule } from './fc-bpr-rel-001.js'
import { undeclaredEnvironmentVariableRule } from './fc-bpr-rel-002.js'
import { passwordWithInitialValueRule } from './fc-bpr-sec-001.js'
import { dynamicCodeStageRule } from './fc-bpr-sec-002.js'

export const BLUE_PRISM_RULES: readonly Rule[] = [
  credentialValueInWorkflowRule,
  hardcodedPathOrUrlRule,
  passwordWithInitialValueRule,
  dynamicCodeStageRule,
  recoverWithoutResumeRule,
  resumeOutsideRecoveryRule,
  exceptionWithoutTypeOrDetailRule,
  pageWithoutExceptionHandlingRule,
  unusedDataItemRule,
  unreachableStageRule,
  fixedWaitRule,
  undeclaredEnvironmentVariableRule,
] as readonly Rule[]
