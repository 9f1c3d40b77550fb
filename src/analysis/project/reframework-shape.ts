/**
 * Whether a project really is a REFramework, told by its state machine rather than by file
 * names: some workflow (the main one first) has a StateMachine with the four states
 * Initialization / Get Transaction Data / Process Transaction / End Process (compared as the
 * framework rules compare them). The framework's workflows are then found through what each
 * state invokes, so a project that renamed `Framework/` or its files is still recognised, and a
 * project with a Main.xaml that is not a REFramework is not. Pure.
 */
import { normalizeStateName, REFRAMEWORK_STATES } from '../rules/support/reframework.js'
import { ancestors } from '../xaml/model-queries.js'
import type { WorkflowModel, XamlState, XamlStateMachine } from '../xaml/workflow-model.js'
import type { Invocation } from './invocation-graph.js'

export type ReframeworkStateRole =
  | 'initialization'
  | 'getTransactionData'
  | 'processTransaction'
  | 'endProcess'

const STATE_ROLES: ReadonlyArray<readonly [ReframeworkStateRole, string]> = [
  ['initialization', REFRAMEWORK_STATES[0] ?? 'Initialization'],
  ['getTransactionData', REFRAMEWORK_STATES[1] ?? 'Get Transaction Data'],
  ['processTransaction', REFRAMEWORK_STATES[2] ?? 'Process Transaction'],
  ['endProcess', REFRAMEWORK_STATES[3] ?? 'End Process'],
]

/**
 * The framework's workflows by role, and how each is recognised among a state's invocations:
 * by the template's file name first, else by the arguments the template passes (renamed files
 * keep their signature).
 */
export const FRAMEWORK_WORKFLOW_ROLES = Object.freeze({
  initAllSettings: { state: 'initialization', fileName: 'InitAllSettings.xaml', passes: ['out_Config'] },
  killAllProcesses: { state: 'initialization', fileName: 'KillAllProcesses.xaml', passes: [] },
  initAllApplications: {
    state: 'initialization',
    fileName: 'InitAllApplications.xaml',
    passes: ['in_Config'],
  },
  getTransactionData: {
    state: 'getTransactionData',
    fileName: 'GetTransactionData.xaml',
    passes: ['out_TransactionItem'],
  },
  process: {
    state: 'processTransaction',
    fileName: 'Process.xaml',
    passes: ['in_TransactionItem', 'in_Config'],
  },
  setTransactionStatus: {
    state: 'processTransaction',
    fileName: 'SetTransactionStatus.xaml',
    passes: ['in_BusinessException', 'in_TransactionItem'],
  },
  closeAllApplications: { state: 'endProcess', fileName: 'CloseAllApplications.xaml', passes: [] },
} as const satisfies Record<
  string,
  { state: ReframeworkStateRole; fileName: string; passes: readonly string[] }
>)

export type FrameworkWorkflowRole = keyof typeof FRAMEWORK_WORKFLOW_ROLES

export interface ReframeworkShape {
  /** The workflow holding the framework's state machine (Main.xaml in the template). */
  readonly mainPath: string
  readonly stateMachine: XamlStateMachine
  readonly states: Readonly<Record<ReframeworkStateRole, XamlState>>
  /** Workflow paths invoked (resolved) from inside each state. */
  readonly invokedByState: Readonly<Record<ReframeworkStateRole, readonly string[]>>
  /** The framework's workflows, wherever they live and whatever they are named. */
  readonly workflows: Readonly<Partial<Record<FrameworkWorkflowRole, string>>>
}

function frameworkStates(machine: XamlStateMachine): Record<ReframeworkStateRole, XamlState> | undefined {
  const byName = new Map(machine.states.map((state) => [normalizeStateName(state.displayName), state]))
  const found: Partial<Record<ReframeworkStateRole, XamlState>> = {}
  for (const [role, name] of STATE_ROLES) {
    const state = byName.get(normalizeStateName(name))
    if (state === undefined) return undefined
    found[role] = state
  }
  return found as Record<ReframeworkStateRole, XamlState>
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).toLowerCase()
}

/** Finds the REFramework in a project, or undefined when it is not one. `mainPath` is tried first. */
export function detectReframework(
  workflows: ReadonlyArray<{ readonly path: string; readonly model: WorkflowModel | undefined }>,
  invocations: readonly Invocation[],
  mainPath: string | undefined,
): ReframeworkShape | undefined {
  const ordered = [...workflows].sort((a, b) => Number(b.path === mainPath) - Number(a.path === mainPath))
  for (const { path, model } of ordered) {
    if (model === undefined) continue
    for (const machine of model.stateMachines) {
      const states = frameworkStates(machine)
      if (states === undefined) continue
      const inState = (role: ReframeworkStateRole) =>
        invocations.filter(
          (invocation) =>
            invocation.from === path && ancestors(invocation.activity).includes(states[role].node),
        )
      const invokedByState = {} as Record<ReframeworkStateRole, string[]>
      const invocationsByState = {} as Record<ReframeworkStateRole, Invocation[]>
      for (const [role] of STATE_ROLES) {
        invocationsByState[role] = inState(role)
        invokedByState[role] = invocationsByState[role].flatMap((invocation) =>
          invocation.target.kind === 'resolved' ? [invocation.target.path] : [],
        )
      }
      const found: Partial<Record<FrameworkWorkflowRole, string>> = {}
      const taken = new Set<string>()
      // By file name first, then by signature among what is left, so a renamed file is found
      // without stealing a file that kept its template name.
      for (const pass of ['name', 'signature'] as const) {
        for (const [role, spec] of Object.entries(FRAMEWORK_WORKFLOW_ROLES) as Array<
          [FrameworkWorkflowRole, (typeof FRAMEWORK_WORKFLOW_ROLES)[FrameworkWorkflowRole]]
        >) {
          if (found[role] !== undefined) continue
          const match = invocationsByState[spec.state].find((invocation) => {
            if (invocation.target.kind !== 'resolved' || taken.has(invocation.target.path)) return false
            if (pass === 'name') return baseName(invocation.target.path) === spec.fileName.toLowerCase()
            const names = new Set(invocation.arguments.map((argument) => argument.name.toLowerCase()))
            return spec.passes.length > 0 && spec.passes.every((name) => names.has(name.toLowerCase()))
          })
          if (match !== undefined && match.target.kind === 'resolved') {
            found[role] = match.target.path
            taken.add(match.target.path)
          }
        }
      }
      return { mainPath: path, stateMachine: machine, states, invokedByState, workflows: found }
    }
  }
  return undefined
}
