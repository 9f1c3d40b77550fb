import type { BluePrismModel } from '../../blue-prism/blue-prism-model.js'
import { defineSubmissionRule } from '../rule.js'
import { stageFinding } from './blue-prism-findings.js'
import { reachableFrom } from './fc-bpr-err-001.js'

/** A Resume stage no Recover stage leads to: it resumes nothing (Blue Prism fails it at run time). */
export const resumeOutsideRecoveryRule = defineSubmissionRule<BluePrismModel>({
  ruleId: 'FC-BPR-ERR-002',
  platform: 'blue-prism',
  name: 'resume-outside-recovery',
  category: 'error_handling',
  severity: 'medium',
  description: 'A Resume stage is not on any recovery path: no Recover stage leads to it.',
  recommendation: 'Place Resume stages only after a Recover stage, on the path that handles the exception.',
  mirrors: [],
  checkSubmission(model) {
    const findings = []
    for (const workflow of model.workflows) {
      const recovered = new Set(
        workflow.stages
          .filter((stage) => stage.type === 'Recover')
          .flatMap((recover) => [...reachableFrom(workflow, recover)]),
      )
      for (const resume of workflow.stages) {
        if (resume.type === 'Resume' && !recovered.has(resume)) findings.push(stageFinding(workflow, resume))
      }
    }
    return findings
  },
})
