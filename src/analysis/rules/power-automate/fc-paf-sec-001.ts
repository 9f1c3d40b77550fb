import type { FlowAction, FlowModel } from '../../power-automate/flow-model.js'
import { defineFlowRule, type FlowRawFinding, findingAtStep } from '../../power-automate/flow-rule.js'
import { literalArgument } from '../../power-automate/workflow-expression.js'
import { callsOf } from './support/flow-values.js'

/** Parameters the platform itself fills (connections, the caller's token): not the author's secrets. */
const PLATFORM_PARAMETERS = new Set(['$connections', '$authentication'])
const OUTPUT_FUNCTIONS = new Set(['body', 'outputs', 'actions', 'actionbody', 'actionoutputs'])
/** Steps whose outputs are their inputs: a secret passed in comes out again. */
const PASS_THROUGH = new Set(['compose', 'parsejson', 'select', 'query', 'join'])

function readsSecretFromKeyVault(action: FlowAction): boolean {
  const connector = action.connector
  if (connector === undefined || !/^shared_keyvault/i.test(connector.apiName)) return false
  return connector.operationId === undefined ? true : /secret/i.test(connector.operationId)
}

/** What each action reads: the actions and parameters its expressions name. */
function readsOf(
  flow: FlowModel,
): Map<FlowAction, { actions: Set<string>; parameters: Set<string>; variables: Set<string> }> {
  const reads = new Map<
    FlowAction,
    { actions: Set<string>; parameters: Set<string>; variables: Set<string> }
  >()
  for (const value of flow.expressions) {
    if (value.owner.role !== 'action') continue
    let entry = reads.get(value.owner)
    for (const call of callsOf(value)) {
      const fn = call.name.toLowerCase()
      const name = literalArgument(call, 0)
      if (name === undefined) continue
      if (entry === undefined) {
        entry = { actions: new Set(), parameters: new Set(), variables: new Set() }
        reads.set(value.owner, entry)
      }
      if (OUTPUT_FUNCTIONS.has(fn)) entry.actions.add(name.toLowerCase())
      else if (fn === 'parameters') entry.parameters.add(name)
      else if (fn === 'variables') entry.variables.add(name.toLowerCase())
    }
  }
  return reads
}

function variableSet(action: FlowAction): string | undefined {
  const inputs = action.inputs
  if (inputs?.kind !== 'object') return undefined
  const direct = inputs.get('name')
  if (direct?.kind === 'string') return direct.value.toLowerCase()
  const list = inputs.get('variables')
  const first = list?.kind === 'array' ? list.items[0] : undefined
  const name = first?.kind === 'object' ? first.get('name') : undefined
  return name?.kind === 'string' ? name.value.toLowerCase() : undefined
}

export const secretWithoutSecureDataRule = defineFlowRule({
  ruleId: 'FC-PAF-SEC-001',
  name: 'secret-without-secure-data',
  category: 'security',
  severity: 'high',
  description:
    'A secret from Key Vault or a secure parameter passes through a step whose inputs or outputs are shown in the run history.',
  recommendation:
    'Turn on Secure inputs and Secure outputs (runtimeConfiguration.secureData) on the step that reads the secret and on every step that receives it.',
  check(flow) {
    const secureParameters = new Set(
      flow.parameters
        .filter(
          (parameter) =>
            /^secure(string|object)$/i.test(parameter.type ?? '') && !PLATFORM_PARAMETERS.has(parameter.name),
        )
        .map((parameter) => parameter.name),
    )
    const sources = new Set(
      flow.actions.filter(readsSecretFromKeyVault).map((action) => action.name.toLowerCase()),
    )
    if (sources.size === 0 && secureParameters.size === 0) return []
    const reads = readsOf(flow)
    // Taint to a fixed point: pass-through steps and variables that hold a secret are sources too.
    const tainted = new Set(sources)
    const variables = new Set<string>()
    const why = new Map<FlowAction, string>()
    let changed = true
    while (changed) {
      changed = false
      for (const [action, read] of reads) {
        const secret =
          [...read.actions].find((name) => tainted.has(name)) ??
          [...read.parameters].find((name) => secureParameters.has(name)) ??
          [...read.variables].find((name) => variables.has(name))
        if (secret === undefined || why.has(action)) continue
        why.set(action, secret)
        changed = true
        if (PASS_THROUGH.has(action.type.toLowerCase())) tainted.add(action.name.toLowerCase())
        const variable = variableSet(action)
        if (variable !== undefined && /variable/i.test(action.type)) variables.add(variable)
      }
    }
    const findings: FlowRawFinding[] = []
    for (const action of flow.actions) {
      if (sources.has(action.name.toLowerCase()) && !action.runtime.secureOutputs) {
        findings.push(
          findingAtStep(
            action,
            'Reads a secret from Key Vault without secure outputs: the secret is shown in the run history.',
            'source',
          ),
        )
      }
      const secret = why.get(action)
      if (secret !== undefined && !action.runtime.secureInputs) {
        findings.push(
          findingAtStep(
            action,
            `Receives the secret from ${secret} without secure inputs: it is shown in the run history.`,
            secret,
          ),
        )
      }
    }
    return findings
  },
})
