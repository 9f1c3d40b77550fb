/**
 * Which UiPath activity package supplies what a workflow names: data for the dependency rules
 * (FC-UIP-PRJ-007 unused dependency, FC-UIP-PRJ-008 undeclared package). Policy is data: add a
 * package, an assembly or an activity here, with where it was seen.
 *
 * How a XAML file says where a name comes from, and how this table reads it:
 * - `clr-namespace:NS;assembly=A` (an element or a type of that namespace): the assembly. A package
 *   owns the assemblies whose names start with one of its `assemblyPrefixes` (case-insensitive;
 *   Studio writes both `UiPath.UiAutomation.Activities` and `UiPath.UIAutomationNext`).
 * - a package's own XML namespace (`…/activities/uix`, `…/excel`, `…/mail`): `xmlnsUris`.
 * - the shared `http://schemas.uipath.com/workflow/activities` (`ui:`), which System, UI Automation,
 *   Excel, Mail, Database, Web API and others all map their activities into: the element's local
 *   name, looked up in `uiNames`. A `ui:` name in no list is unknown, and the rules treat it so.
 * - a type named inside an expression (`New WorkbookApplication(…)`) or qualified by a package's
 *   namespace (`UiPath.Excel.…`): `typeNames` and `expressionNamespaces`.
 *
 * Sources: every assembly, namespace URI and `ui:` name below was seen in a Studio-saved workflow
 * of /work/shared/corpus (see its README) in a project whose project.json declares that package,
 * or is the package's activity as UiPath's activity documentation lists it under that package
 * (docs.uipath.com/activities: System, UI Automation, Excel, Mail, Database, Web API, PDF, Word,
 * Presentations, Credentials, Testing). Names an ambiguity could make wrong are left out: the
 * rules then stay quiet rather than guess.
 */

export interface UipathPackage {
  /** The NuGet id as project.json names it. */
  readonly name: string
  /** Assemblies of the package: `UiPath.Excel` owns `UiPath.Excel.Activities`, `UiPath.Excel.Activities.Business`. */
  readonly assemblyPrefixes: readonly string[]
  /** XML namespaces only this package (or the packages listed with it) maps activities into. */
  readonly xmlnsUris: readonly string[]
  /** Local names of its elements (activities and their value objects) in the shared `ui:` namespace. */
  readonly uiNames: readonly string[]
  /** Its public type names that expressions use unqualified (the namespace imported). */
  readonly typeNames: readonly string[]
  /** Its CLR namespaces, as an expression qualifies a name with them (`UiPath.Excel.`). */
  readonly expressionNamespaces: readonly string[]
  /** Other packages whose activities it brings with it (a project declaring it may use theirs). */
  readonly supplies?: readonly string[]
}

/** A package entry; every list not given is empty. */
function uipathPackageEntry(
  entry: Pick<UipathPackage, 'name' | 'assemblyPrefixes'> & Partial<UipathPackage>,
): UipathPackage {
  return { xmlnsUris: [], uiNames: [], typeNames: [], expressionNamespaces: [], ...entry }
}

/** `http://schemas.uipath.com/workflow/activities`: the namespace many UiPath packages share. */
export const UIPATH_SHARED_XMLNS = 'http://schemas.uipath.com/workflow/activities'

const SYSTEM = uipathPackageEntry({
  name: 'UiPath.System.Activities',
  assemblyPrefixes: ['UiPath.System.Activities'],
  uiNames: [
    // activities (REFramework templates, the Process Vendor Invoices project, the uipath-skills projects)
    'AddDataColumn',
    'AddDataRow',
    'AddLogFields',
    'AddQueueItem',
    'AppendLine',
    'AssignOperation',
    'BuildDataTable',
    'Comment',
    'CommentOut',
    'CopyFile',
    'CreateDirectory',
    'CreateFile',
    'DeleteFileX',
    'FileExistsX',
    'FilterDataTable',
    'FilterOperationArgument',
    'ForEach',
    'ForEachRow',
    'GetQueueItem',
    'GetQueueItems',
    'GetRobotAsset',
    'GetRobotCredential',
    'IfElseIf',
    'IfElseIfBlock',
    'InterruptibleDoWhile',
    'InvokeCode',
    'InvokeComMethod',
    'InvokePowerShell',
    'InvokeWorkflowFile',
    'KillProcess',
    'LogMessage',
    'Matches',
    'ModifyText',
    'MultipleAssign',
    'PathExists',
    'ReadCsvFile',
    'ReadTextFile',
    'RemoveLogFields',
    'RetryScope',
    'SetAsset',
    'SetTransactionProgress',
    'SetTransactionStatus',
    'ShouldStop',
    'WriteCsvFile',
    'WriteTextFile',
    // types (catches, variables)
    'BusinessRuleException',
    'GenericValue',
    'LogLevel',
    'QueueItem',
    'QueueItemStatus',
  ],
  typeNames: ['BusinessRuleException', 'GenericValue', 'QueueItem'],
})

const UI_AUTOMATION = uipathPackageEntry({
  name: 'UiPath.UIAutomation.Activities',
  // UiPath.UiAutomation.Activities, UiPath.UIAutomationNext(.Activities), UiPath.UIAutomationCore
  assemblyPrefixes: ['UiPath.UIAutomation'],
  xmlnsUris: ['http://schemas.uipath.com/workflow/activities/uix'],
  uiNames: [
    'Activate',
    'AttachBrowser',
    'AttachWindow',
    'BrowserScope',
    'Click',
    'CloseTab',
    'CloseWindow',
    'CursorPosition',
    'ElementExists',
    'GetAttribute',
    'GetFullText',
    'GetValue',
    'GetVisibleText',
    'Hover',
    'MaximizeWindow',
    'NavigateTo',
    'OpenApplication',
    'OpenBrowser',
    'SaveImage',
    'SelectItem',
    'SendHotkey',
    'SetText',
    'TakeScreenshot',
    'Target',
    'TypeInto',
    'TypeSecureText',
    'UiElementExists',
    'WaitUiElementAppear',
    'WaitUiElementVanish',
    // types (variables, arguments, type arguments)
    'Browser',
    'Image',
    'UiElement',
    'WaitForReady',
    'Window',
  ],
  typeNames: ['UiElement', 'Browser'],
  expressionNamespaces: ['UiPath.UIAutomationNext'],
})

const EXCEL = uipathPackageEntry({
  name: 'UiPath.Excel.Activities',
  assemblyPrefixes: ['UiPath.Excel'],
  xmlnsUris: ['http://schemas.uipath.com/workflow/activities/excel'],
  uiNames: [
    // classic (Excel Application Scope) and workbook activities
    'ExcelApplicationScope',
    'ExcelAppendRange',
    'ExcelCloseWorkbook',
    'ExcelReadCell',
    'ExcelReadRange',
    'ExcelSaveWorkbook',
    'ExcelWriteCell',
    'ExcelWriteRange',
    'AppendRange',
    'ReadCell',
    'ReadRange',
    'WriteCell',
    'WriteRange',
    'WorkbookApplication',
  ],
  typeNames: ['WorkbookApplication'],
  expressionNamespaces: ['UiPath.Excel'],
})

const MAIL = uipathPackageEntry({
  name: 'UiPath.Mail.Activities',
  assemblyPrefixes: ['UiPath.Mail'],
  xmlnsUris: ['http://schemas.uipath.com/workflow/activities/mail'],
  uiNames: [
    'GetIMAPMailMessages',
    'GetOutlookMailMessages',
    'GetPOP3MailMessages',
    'MoveOutlookMessage',
    'SaveAttachments',
    'SaveMail',
    'SendMail',
    'SendOutlookMail',
  ],
  expressionNamespaces: ['UiPath.Mail'],
})

const TESTING = uipathPackageEntry({
  name: 'UiPath.Testing.Activities',
  assemblyPrefixes: ['UiPath.Testing'],
  expressionNamespaces: ['UiPath.Testing'],
})

const WEB_API = uipathPackageEntry({
  name: 'UiPath.WebAPI.Activities',
  assemblyPrefixes: ['UiPath.Web.Activities', 'UiPath.WebAPI'],
  uiNames: ['DeserializeJson', 'DeserializeJsonArray', 'DeserializeXml', 'HttpClient', 'SerializeJson'],
})

const DATABASE = uipathPackageEntry({
  name: 'UiPath.Database.Activities',
  assemblyPrefixes: ['UiPath.Database'],
  uiNames: ['DatabaseConnect', 'DatabaseDisconnect', 'ExecuteNonQuery', 'ExecuteQuery', 'InsertDataTable'],
  typeNames: ['DatabaseConnection'],
  expressionNamespaces: ['UiPath.Database'],
})

const PDF = uipathPackageEntry({
  name: 'UiPath.PDF.Activities',
  assemblyPrefixes: ['UiPath.PDF'],
  uiNames: ['ExtractPDFPageRange', 'GetPDFPageCount', 'JoinPDF', 'ReadPDFText', 'ReadPDFWithOCR'],
  expressionNamespaces: ['UiPath.PDF'],
})

const WORD = uipathPackageEntry({
  name: 'UiPath.Word.Activities',
  assemblyPrefixes: ['UiPath.Word'],
  uiNames: ['WordApplicationScope', 'WordAppendText', 'WordReadText', 'WordReplaceText', 'WordSaveAs'],
  expressionNamespaces: ['UiPath.Word'],
})

const PRESENTATIONS = uipathPackageEntry({
  name: 'UiPath.Presentations.Activities',
  assemblyPrefixes: ['UiPath.Presentations'],
  uiNames: ['InsertFile', 'IPresentationQuickHandle', 'PowerPointApplicationScope'],
  expressionNamespaces: ['UiPath.Presentations'],
})

const CREDENTIALS = uipathPackageEntry({
  name: 'UiPath.Credentials.Activities',
  assemblyPrefixes: ['UiPath.Credentials'],
  uiNames: ['AddCredential', 'DeleteCredential', 'GetSecureCredential', 'RequestCredential'],
})

/**
 * Document Understanding: the modern activities (Extract Document Data) live in
 * `UiPath.IntelligentOCR.StudioWeb.Activities` and the `…/intelligentocr` namespace, which the
 * classic UiPath.IntelligentOCR.Activities shares; either package may be the one that supplies them.
 */
const DOCUMENT_UNDERSTANDING = uipathPackageEntry({
  name: 'UiPath.DocumentUnderstanding.Activities',
  assemblyPrefixes: ['UiPath.IntelligentOCR', 'UiPath.DocumentUnderstanding', 'UiPath.DocumentProcessing'],
  xmlnsUris: ['http://schemas.uipath.com/workflow/activities/intelligentocr'],
})
const INTELLIGENT_OCR: UipathPackage = { ...DOCUMENT_UNDERSTANDING, name: 'UiPath.IntelligentOCR.Activities' }

/**
 * Before Studio 2018.3, UiPath.Core.Activities held what UiPath.System.Activities and
 * UiPath.UIAutomation.Activities hold now; a project that still declares it has their activities.
 */
const LEGACY_CORE = uipathPackageEntry({
  name: 'UiPath.Core.Activities',
  assemblyPrefixes: ['UiPath.Core.Activities'],
  supplies: [SYSTEM.name, UI_AUTOMATION.name],
})

export const UIPATH_PACKAGES: readonly UipathPackage[] = Object.freeze([
  SYSTEM,
  UI_AUTOMATION,
  EXCEL,
  MAIL,
  TESTING,
  WEB_API,
  DATABASE,
  PDF,
  WORD,
  PRESENTATIONS,
  CREDENTIALS,
  DOCUMENT_UNDERSTANDING,
  INTELLIGENT_OCR,
  LEGACY_CORE,
])

/** The package by its project.json id (case-insensitive), or undefined when the table does not know it. */
export function uipathPackage(name: string): UipathPackage | undefined {
  const lower = name.toLowerCase()
  return UIPATH_PACKAGES.find((known) => known.name.toLowerCase() === lower)
}

/**
 * Assemblies that come with the .NET runtime or are shared by several UiPath packages
 * (`UiPath.Platform`, `UiPath.Workflow`, `UiPath.Studio.Constants`): a name from them says
 * nothing about which package a workflow uses.
 */
export function isNeutralAssembly(assembly: string): boolean {
  const lower = assembly.toLowerCase()
  return (
    lower === 'mscorlib' ||
    lower === 'netstandard' ||
    lower === 'windowsbase' ||
    lower.startsWith('system') ||
    lower.startsWith('microsoft') ||
    lower.startsWith('presentation') ||
    lower === 'uipath.platform' ||
    lower === 'uipath.workflow' ||
    lower === 'uipath.studio.constants'
  )
}
