/**
 * The Blue Prism model: what the reader makes of releases, processes and objects, so that no
 * rule reads XML. Positions are 1-based line/column of the element's start tag in its file.
 *
 * @module
 */

/** Where something is: the file (path in the submission) and the start tag's position. */
export interface SourcePosition {
  readonly path: string
  readonly line: number
  readonly column: number
}

/** A link from a stage to the next: `onsuccess`, `ontrue`, `onfalse`, a Choice/Wait branch… */
export interface StageLink {
  readonly kind: string
  /** The target stage's id. */
  readonly target: string
}

/** A data item (Data or Collection stage). */
export interface DataItem {
  readonly dataType: string
  /** The initial value as written (trimmed), or null when there is none; for a collection, its rows' field values joined. */
  readonly initialValue: string | null
  /** `Environment`, `Session`, `Statistic`, or null (not exposed). */
  readonly exposure: string | null
  readonly isPrivate: boolean
}

/** A calculation step: `expression` stored into the data item `target`. */
export interface Calculation {
  readonly expression: string
  readonly target: string
}

/** One stage of a page. */
export interface Stage extends SourcePosition {
  readonly id: string
  readonly name: string
  /** As written: Action, Decision, Calculation, MultipleCalculation, Exception, Recover, Resume, Block, Code, … */
  readonly type: string
  /** The page's id; null for the main page (a process's Main Page, an object's Initialise). */
  readonly pageId: string | null
  readonly links: readonly StageLink[]
  /** Data and Collection stages. */
  readonly data: DataItem | null
  /** Calculation (one) and MultipleCalculation (several) stages. */
  readonly calculations: readonly Calculation[]
  /** Decision and Choice expressions. */
  readonly expressions: readonly string[]
  /** Inputs (name, expression) of Action, Code, SubSheet, Process stages. */
  readonly inputs: ReadonlyArray<{ readonly name: string; readonly expression: string }>
  /** Outputs (name, the data item written). */
  readonly outputs: ReadonlyArray<{ readonly name: string; readonly target: string }>
  /** Exception stages: type and detail as written (empty strings when missing). */
  readonly exception: {
    readonly type: string
    readonly detail: string
    /** "Preserve the type and detail of the current exception": a rethrow. */
    readonly useCurrent: boolean
  } | null
  /** Action stages: the business object and action called. */
  readonly resource: { readonly object: string; readonly action: string } | null
  /** SubSheet stages: the page called; Process stages: the process called (by id). */
  readonly calls: string | null
  /** Code stages: the code. */
  readonly code: { readonly text: string; readonly line: number } | null
  /** WaitStart: its conditions (choices) and timeout expression. */
  readonly wait: { readonly conditions: number; readonly timeout: string } | null
  /** Block stages: the rectangle (for what a block encloses). */
  readonly area: {
    readonly x: number
    readonly y: number
    readonly width: number
    readonly height: number
  } | null
  /** Loop, Choice and Wait stages: the group their start and end share. */
  readonly groupId: string | null
  /**
   * Every expression and data-item name the stage reads or writes, as written (inputs, outputs,
   * calculations, decisions, choices, exception detail, loop collection, timeouts, …): what
   * "is this data item used" looks in. Narratives and layout are left out.
   */
  readonly references: readonly string[]
  /** Where the stage is drawn (its centre). */
  readonly at: { readonly x: number; readonly y: number } | null
}

export interface Page {
  /** null for the main page. */
  readonly id: string | null
  readonly name: string
  /** `Normal`, `CleanUp`, or `Main` for the main page. */
  readonly type: string
  readonly published: boolean
}

/** A process or a business object. */
export interface Workflow extends SourcePosition {
  readonly kind: 'process' | 'object'
  /** Its id in a release (`<process id=…>` wrapper), else null. */
  readonly id: string | null
  readonly name: string
  readonly bpversion: string
  readonly pages: readonly Page[]
  readonly stages: readonly Stage[]
  /** An object's code language (`csharp`, `visualbasic`, `jscript`), from its ProcessInfo stage. */
  readonly language: string | null
}

/** A release: what it declares beside its processes and objects. */
export interface Release extends SourcePosition {
  readonly name: string
  readonly environmentVariables: ReadonlyArray<
    SourcePosition & { readonly name: string; readonly type: string }
  >
  readonly credentials: ReadonlyArray<SourcePosition & { readonly name: string }>
}

/** Everything the submission holds. */
export interface BluePrismModel {
  readonly releases: readonly Release[]
  readonly workflows: readonly Workflow[]
}

/** The page a stage is on, by its id (null = main page). */
export function pageName(workflow: Workflow, pageId: string | null): string {
  return workflow.pages.find((page) => page.id === pageId)?.name ?? (pageId === null ? 'Main Page' : pageId)
}

/** `Process X/Page/Stage`: a stage's logical location. */
export function stagePath(workflow: Workflow, stage: Stage): string {
  return `${workflow.name}/${pageName(workflow, stage.pageId)}/${stage.name}`
}
