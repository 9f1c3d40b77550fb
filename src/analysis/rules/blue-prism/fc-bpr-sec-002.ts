import type { BluePrismModel } from '../../blue-prism/blue-prism-model.js'
import { defineSubmissionRule } from '../rule.js'
import { stageFinding, stagesOf } from './blue-prism-findings.js'

/**
 * What a Code stage may call that runs code or programs chosen at run time, or reaches outside
 * the object's application: each with the words a finding shows. Matched in the code with comments
 * and string literals left in (a name in a string is how reflection calls it).
 */
const DYNAMIC_CALLS: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /\bProcess\s*\.\s*Start\s*\(|\bnew\s+ProcessStartInfo\b|\bShell\s*\(/,
    'starts a program (Process.Start/Shell)',
  ],
  [
    /\b(CSharpCodeProvider|VBCodeProvider|CodeDomProvider|CompileAssemblyFrom\w*|CSharpScript|Roslyn)\b/,
    'compiles code at run time',
  ],
  [/\bAssembly\s*\.\s*(Load\w*|UnsafeLoadFrom)\s*\(/, 'loads an assembly at run time'],
  // By a name computed at run time only: CreateObject("Sapgui.ScriptingCtrl.1") names a fixed component.
  [
    /\b(Activator\s*\.\s*CreateInstance|CreateObject|Type\s*\.\s*GetTypeFromProgID|Type\s*\.\s*GetType)\s*\(\s*[^"\s)]/,
    'creates objects by a name computed at run time',
  ],
  [/\.\s*InvokeMember\s*\(|\bMethodInfo\b|\.\s*GetMethod\s*\(/, 'calls methods by name (reflection)'],
  [/\bInvoke-Expression\b|\bPowerShell\s*\.\s*Create\s*\(|\bRunspaceFactory\b/, 'runs PowerShell'],
  [/\bEval\s*\(|\bExecuteStatement\s*\(|\bExecuteGlobal\s*\(/, 'evaluates text as code'],
]

/** Code stages that run dynamic code or start programs: what they call is not what the designer shows. */
export const dynamicCodeStageRule = defineSubmissionRule<BluePrismModel>({
  ruleId: 'FC-BPR-SEC-002',
  platform: 'blue-prism',
  name: 'dynamic-code-stage',
  category: 'security',
  severity: 'high',
  description:
    'A Code stage runs code or programs chosen at run time (starts processes, compiles or loads code, calls by reflection).',
  recommendation:
    'Call a fixed, reviewed API instead; if a program must be started, take its path from configuration that is reviewed, never from work item data, and document why.',
  mirrors: [],
  checkSubmission(model) {
    const findings = []
    for (const { workflow, stage } of stagesOf(model)) {
      if (stage.code === null) continue
      const calls = DYNAMIC_CALLS.filter(([pattern]) => pattern.test(stage.code?.text ?? '')).map(
        ([, what]) => what,
      )
      if (calls.length === 0) continue
      const language = workflow.language === null ? '' : ` (${workflow.language})`
      findings.push(stageFinding(workflow, stage, `The code${language} ${calls.join('; ')}.`))
    }
    return findings
  },
})
