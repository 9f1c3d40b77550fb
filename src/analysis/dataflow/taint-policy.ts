/**
 * What the data-flow analysis tracks, as data: which activity outputs bring a secret or untrusted
 * input into a workflow (sources), where such a value must not arrive (sinks), and which
 * expression shapes create, convert or neutralise one. Nothing here decides; `workflow-flow.ts`
 * reads these tables (like `webhooks/delivery/retry-policy.ts`: policy as data).
 *
 * Activities are matched by element local name (prefix- and mostly namespace-independent: Studio
 * writes `ui:`, `uix:`, `uimail:` or file-chosen prefixes). Names were taken from the shared corpus
 * (`grep -rho '<[a-zA-Z]*:[A-Za-z]*'` over /work/shared/corpus) where it has them, else from the
 * package tables in `project/uipath-packages.ts` and UiPath's activity documentation
 * (docs.uipath.com/activities); each entry says which.
 *
 * @module
 */

/**
 * What a value carries:
 * - `secret`: a credential as clear text (a String): leaks wherever it is written;
 * - `secure`: a credential inside a SecureString: harmless until converted to clear text;
 * - `untrusted`: data from outside the robot's control (queue items, mail, screens, files, HTTP).
 */
export type TaintKind = 'secret' | 'secure' | 'untrusted'

/** Where a value must not go, by what it would do there. */
export type SinkKind = 'leak' | 'code' | 'sql' | 'path'

/** Which kind of value each sink kind cares about. */
export const SINK_TAINT: Readonly<Record<SinkKind, TaintKind>> = Object.freeze({
  leak: 'secret',
  code: 'untrusted',
  sql: 'untrusted',
  path: 'untrusted',
})

export interface SourceOutput {
  /** Element local names of the activity. */
  readonly activities: readonly string[]
  /** Output properties that receive the value. */
  readonly properties: readonly string[]
  readonly taint: 'secret' | 'untrusted'
  /** What it is, for messages ("queue item", "credential"). */
  readonly label: string
  /** Where the names come from. */
  readonly grounding: 'corpus' | 'docs'
  /**
   * Only when this input property is a literal (or a constant expression) whose words name a
   * password (Get Asset of an asset called `SAP_Password`).
   */
  readonly whenNamedLikeSecret?: string
  /**
   * Not a source when this input property is a literal: a file the author named (a script or
   * template shipped with the project) is part of the automation, not outside input.
   */
  readonly trustedWhenLiteral?: string
}

/** Activity outputs that bring a secret or untrusted data in. */
export const SOURCE_OUTPUTS: readonly SourceOutput[] = Object.freeze([
  // Credentials. SecureString outputs become `secure` (the target's type decides), String ones `secret`.
  {
    activities: ['GetRobotCredential', 'GetCredential'],
    properties: ['Password'],
    taint: 'secret',
    label: 'credential password',
    grounding: 'corpus',
  },
  {
    activities: ['GetSecureCredential', 'RequestCredential'],
    properties: ['Password'],
    taint: 'secret',
    label: 'credential password',
    grounding: 'corpus',
  },
  {
    activities: ['GetRobotAsset', 'GetAsset'],
    properties: ['Value'],
    taint: 'secret',
    label: 'asset named like a password',
    grounding: 'corpus',
    whenNamedLikeSecret: 'AssetName',
  },
  // Untrusted input.
  {
    activities: ['GetQueueItem', 'GetTransactionItem'],
    properties: ['TransactionItem'],
    taint: 'untrusted',
    label: 'queue item',
    grounding: 'corpus',
  },
  {
    activities: ['GetQueueItems'],
    properties: ['Result'],
    taint: 'untrusted',
    label: 'queue items',
    grounding: 'corpus',
  },
  {
    activities: [
      'GetOutlookMailMessages',
      'GetIMAPMailMessages',
      'GetPOP3MailMessages',
      'GetExchangeMailMessages',
    ],
    properties: ['Messages'],
    taint: 'untrusted',
    label: 'e-mail messages',
    grounding: 'docs',
  },
  {
    activities: ['GetValue', 'GetFullText', 'GetVisibleText', 'NGetText'],
    properties: ['Value', 'Text', 'Result'],
    taint: 'untrusted',
    label: 'text read from the screen',
    grounding: 'corpus',
  },
  {
    activities: ['GetAttribute', 'NGetAttribute'],
    properties: ['Result'],
    taint: 'untrusted',
    label: 'UI attribute',
    grounding: 'docs',
  },
  {
    activities: ['ReadTextFile'],
    properties: ['Content'],
    taint: 'untrusted',
    label: 'file content',
    grounding: 'corpus',
    trustedWhenLiteral: 'FileName',
  },
  {
    activities: ['ReadCsvFile', 'ReadRange', 'ExcelReadRange', 'ReadRangeX'],
    properties: ['DataTable', 'SaveTo'],
    taint: 'untrusted',
    label: 'data read from a file',
    grounding: 'corpus',
    trustedWhenLiteral: 'FilePath',
  },
  {
    activities: ['HttpClient', 'NetHttpRequest'],
    properties: ['Result', 'ResponseContent'],
    taint: 'untrusted',
    label: 'HTTP response',
    grounding: 'docs',
  },
])

export interface Sink {
  /** Element local names of the activity. */
  readonly activities: readonly string[]
  /** Input properties that are the sink (`*` = every input of the activity). */
  readonly properties: readonly string[]
  readonly kind: SinkKind
  /** What happens there, for messages ("written to the log"). */
  readonly label: string
  readonly grounding: 'corpus' | 'docs'
  /** Typing activities: not a sink when the target is a password field (see `PASSWORD_FIELD`). */
  readonly unlessPasswordField?: boolean
}

/** Where a secret leaks and where untrusted input becomes code, a query or a path. */
export const SINKS: readonly Sink[] = Object.freeze([
  // A secret leaks: logs and screens.
  {
    activities: ['LogMessage'],
    properties: ['Message'],
    kind: 'leak',
    label: 'written to the log',
    grounding: 'corpus',
  },
  {
    activities: ['WriteLine'],
    properties: ['Text'],
    kind: 'leak',
    label: 'written to the output',
    grounding: 'corpus',
  },
  {
    activities: ['AddLogFields'],
    properties: ['*'],
    kind: 'leak',
    label: 'added to every log line',
    grounding: 'corpus',
  },
  {
    activities: ['MessageBox', 'ShowMessageBox'],
    properties: ['Text', 'Caption'],
    kind: 'leak',
    label: 'shown in a message box',
    grounding: 'corpus',
  },
  // Mail.
  {
    activities: [
      'SendMail',
      'SendOutlookMail',
      'SendExchangeMail',
      'SendMailX',
      'SendEmail',
      'SendEmailConnections',
    ],
    properties: ['Body', 'Subject'],
    kind: 'leak',
    label: 'sent by e-mail',
    grounding: 'corpus',
  },
  // HTTP: the old HTTP Request (HttpClient) and the new one (NetHttpRequest, WebAPI 2.x).
  {
    activities: ['HttpClient'],
    properties: ['EndPoint', 'Body', 'Headers', 'Parameters', 'UrlSegments'],
    kind: 'leak',
    label: 'sent in an HTTP request',
    grounding: 'corpus',
  },
  {
    activities: ['NetHttpRequest'],
    properties: ['RequestUrl', 'Headers', 'TextPayload', 'Parameters', 'FormData'],
    kind: 'leak',
    label: 'sent in an HTTP request',
    grounding: 'docs',
  },
  // Files.
  {
    activities: ['WriteTextFile', 'AppendLine'],
    properties: ['Text'],
    kind: 'leak',
    label: 'written to a file',
    grounding: 'corpus',
  },
  {
    activities: ['WriteCsvFile', 'AppendWriteCsvFile'],
    properties: ['DataTable'],
    kind: 'leak',
    label: 'written to a file',
    grounding: 'docs',
  },
  // Excel cells.
  {
    activities: ['ExcelWriteCell', 'WriteCell', 'WriteCellX'],
    properties: ['Value', 'Cell'],
    kind: 'leak',
    label: 'written to an Excel cell',
    grounding: 'corpus',
  },
  {
    activities: ['ExcelWriteRange', 'WriteRange', 'WriteRangeX', 'ExcelAppendRange', 'AppendRange'],
    properties: ['DataTable', 'Source'],
    kind: 'leak',
    label: 'written to Excel',
    grounding: 'corpus',
  },
  // Data Service entities and queue items (stored in clear in Orchestrator / Data Service).
  {
    activities: [
      'CreateEntity',
      'UpdateEntity',
      'CreateEntityRecord',
      'UpdateEntityRecord',
      'CreateMultipleEntities',
    ],
    properties: ['*'],
    kind: 'leak',
    label: 'stored in a Data Service entity',
    grounding: 'docs',
  },
  {
    activities: ['AddQueueItem', 'AddTransactionItem', 'BulkAddQueueItems'],
    properties: ['ItemInformation', 'TransactionInformation', 'Reference', 'QueueItemsDataTable'],
    kind: 'leak',
    label: 'stored in a queue item',
    grounding: 'corpus',
  },
  // Typed as text into a field that is not a password field.
  {
    activities: ['TypeInto', 'NTypeInto'],
    properties: ['Text'],
    kind: 'leak',
    label: 'typed as visible text',
    grounding: 'corpus',
    unlessPasswordField: true,
  },
  // Untrusted input becomes code or a command.
  {
    activities: ['InvokeCode'],
    properties: ['Code'],
    kind: 'code',
    label: 'run as code',
    grounding: 'corpus',
  },
  {
    activities: ['InvokePowerShell'],
    properties: ['CommandText'],
    kind: 'code',
    label: 'run as a PowerShell command',
    grounding: 'corpus',
  },
  {
    activities: ['StartProcess'],
    properties: ['FileName', 'Arguments'],
    kind: 'code',
    label: 'run as a process command line',
    grounding: 'docs',
  },
  {
    activities: ['OpenApplication'],
    properties: ['FileName'],
    kind: 'code',
    label: 'started as a program',
    grounding: 'corpus',
  },
  // SQL command text (parameters are a separate property and are fine).
  {
    activities: ['ExecuteQuery', 'ExecuteNonQuery'],
    properties: ['Sql'],
    kind: 'sql',
    label: 'used in the SQL command text',
    grounding: 'corpus',
  },
  // File paths.
  {
    activities: [
      'ReadTextFile',
      'WriteTextFile',
      'AppendLine',
      'ReadCsvFile',
      'WriteCsvFile',
      'AppendWriteCsvFile',
    ],
    properties: ['FileName', 'FilePath'],
    kind: 'path',
    label: 'used as a file path',
    grounding: 'corpus',
  },
  {
    activities: ['CopyFile', 'MoveFile', 'DeleteFileX', 'Delete', 'CreateDirectory', 'CreateFile'],
    properties: ['Path', 'Destination', 'DestinationPath', 'Name'],
    kind: 'path',
    label: 'used as a file path',
    grounding: 'corpus',
  },
])

/** Selector evidence of a password input (as FC-UIP-SEC-001), for typing sinks. */
export const PASSWORD_FIELD =
  /\btype\s*=\s*['"]password['"]|\b(?:name|id|aaname|automationid|ctrlname|ctrlid|placeholder|aria-label)\s*=\s*['"][^'"]*(?:passw|passwd|pwd|passcode|kennwort|mot\s?de\s?passe|contrase)/iu

/**
 * Expression shapes that turn a SecureString into clear text: with a `secure` value among their
 * reads, the expression's value is a `secret`.
 */
export const SECURE_STRING_CONVERSION =
  /\bNetworkCredential\s*\((?:[^()]|\([^()]*\))*\)\s*\.\s*Password\b|\bMarshal\s*\.\s*(?:SecureStringTo\w+|PtrToString\w+)\b|\bSecureStringToString\b|\bConvertFrom-SecureString\b/iu

/** Queue item content: untrusted wherever it is read (`in_TransactionItem.SpecificContent("Id")`). */
export const QUEUE_CONTENT = /\.\s*SpecificContent\b/iu

/** A dictionary read with a string key (`Config("SAP_Password")`, `in_Config("Token").ToString`). */
export const KEYED_READ = /([A-Za-z_]\w*)\s*\(\s*"([^"]+)"\s*\)/gu

/**
 * Uses that cannot carry the value itself: its length, a comparison, a test, a number parsed from
 * it. Checked right after an identifier (`x.Length`) …
 */
export const NEUTRAL_MEMBER =
  /^\s*\??\.\s*(?:Length|Count|Equals|Contains|StartsWith|EndsWith|IndexOf|GetType|Any|IsMatch|HasValue)\b/iu
/** … and right before it (`String.IsNullOrEmpty(x)`, `CInt(x)`, `Path.GetFileName(x)`). */
export const NEUTRAL_CALL =
  /(?:IsNullOrEmpty|IsNullOrWhiteSpace|IsNothing|GetFileName|GetFileNameWithoutExtension|GetExtension|CInt|CLng|CDbl|CDec|CBool|CDate|Parse|TryParse|ToInt32|ToInt64|ToDouble|ToDecimal|ToBoolean|Exists)\s*\(\s*$/iu

/** Loops: the body may run many times (fixpoint). */
export const LOOP_ACTIVITY = /^(?:Parallel)?ForEach\w*$|While$|^RetryScope$|^DoWhile$/u

/** Alternatives: exactly one child runs (or none). */
export const BRANCH_ACTIVITIES: ReadonlySet<string> = new Set([
  'If',
  'IfElseIf',
  'Switch',
  'Pick',
  'FlowDecision',
])

/**
 * Containers whose children run in an order the tree does not show (graphs, parallel branches):
 * analysed flow-insensitively, every child from the join of all states. (Try Catch has its own
 * treatment: a Catch starts from every state its Try went through.)
 */
export const UNORDERED_ACTIVITIES: ReadonlySet<string> = new Set([
  'Flowchart',
  'StateMachine',
  'Parallel',
  'PickBranch',
])

/** Activities whose out arguments are computed from their in arguments (Invoke Code). */
export const PASS_THROUGH_ACTIVITIES: ReadonlySet<string> = new Set([
  'InvokeCode',
  'DeserializeJson',
  'DeserializeXml',
])
