/**
 * The display names Studio gives activities when they are dropped on the canvas, by canonical model
 * type (`Sequence`, `ui:TypeInto`, `uix:NClick`). Shared by FC-UIP-NMG-007 (default display name
 * left unchanged) and FC-UIP-NMG-003 (duplicate display names, which leaves default names to
 * NMG-007 so one problem gives one finding). Not a rule: it lives in support/ so the catalogue test
 * ignores it.
 *
 * Workflow Foundation omits a property from the XAML when it holds its default value, so an
 * activity *without* a `DisplayName` attribute shows exactly its default name in the designer; that
 * is why a missing display name counts as a default one. Some types have two defaults: the class
 * default that WF writes (`TryCatch`) and the name Studio's toolbox sets (`Try Catch`).
 *
 * @module
 */
import type { XamlNode } from '../../xaml/workflow-model.js'

/** Canonical type → default display names, as Studio writes them. */
export const DEFAULT_DISPLAY_NAMES: ReadonlyMap<string, readonly string[]> = new Map<
  string,
  readonly string[]
>([
  // Workflow Foundation (System.Activities.Statements), canonical type without prefix.
  ['Sequence', ['Sequence']],
  ['Flowchart', ['Flowchart']],
  ['StateMachine', ['StateMachine', 'State Machine']],
  ['If', ['If']],
  ['Assign', ['Assign']],
  ['While', ['While']],
  ['DoWhile', ['DoWhile', 'Do While']],
  ['ForEach', ['ForEach', 'For Each']],
  ['Switch', ['Switch']],
  ['TryCatch', ['TryCatch', 'Try Catch']],
  ['Parallel', ['Parallel']],
  ['Pick', ['Pick']],
  ['Delay', ['Delay']],
  ['Throw', ['Throw']],
  ['Rethrow', ['Rethrow']],
  ['TerminateWorkflow', ['TerminateWorkflow', 'Terminate Workflow']],
  ['WriteLine', ['WriteLine', 'Write Line']],
  ['InvokeMethod', ['InvokeMethod', 'Invoke Method']],
  // UiPath core / system activities (http://schemas.uipath.com/workflow/activities).
  ['ui:LogMessage', ['Log Message']],
  ['ui:InvokeWorkflowFile', ['Invoke Workflow File']],
  ['ui:MultipleAssign', ['Multiple Assign']],
  ['ui:Comment', ['Comment']],
  ['ui:CommentOut', ['Comment Out']],
  ['ui:ForEach', ['For Each']],
  ['ui:ForEachRow', ['For Each Row', 'For Each Row in Data Table']],
  ['ui:RetryScope', ['Retry Scope']],
  ['ui:InvokeCode', ['Invoke Code']],
  ['ui:MessageBox', ['Message Box']],
  ['ui:InputDialog', ['Input Dialog']],
  ['ui:KillProcess', ['Kill Process']],
  ['ui:StartProcess', ['Start Process']],
  ['ui:ShouldStop', ['Should Stop']],
  ['ui:AddLogFields', ['Add Log Fields']],
  ['ui:RemoveLogFields', ['Remove Log Fields']],
  ['ui:GetQueueItem', ['Get Queue Item']],
  ['ui:GetTransactionItem', ['Get Transaction Item']],
  ['ui:AddQueueItem', ['Add Queue Item']],
  ['ui:SetTransactionStatus', ['Set Transaction Status']],
  ['ui:SetTransactionProgress', ['Set Transaction Progress']],
  ['ui:GetRobotAsset', ['Get Asset']],
  ['ui:GetRobotCredential', ['Get Credential']],
  ['ui:GetSecureCredential', ['Get Secure Credential']],
  ['ui:BuildDataTable', ['Build Data Table']],
  ['ui:AddDataRow', ['Add Data Row']],
  ['ui:FilterDataTable', ['Filter Data Table']],
  ['ui:OutputDataTable', ['Output Data Table']],
  ['ui:ReadCsvFile', ['Read CSV']],
  ['ui:WriteCsvFile', ['Write CSV']],
  ['ui:ReadTextFile', ['Read Text File']],
  ['ui:WriteTextFile', ['Write Text File']],
  ['ui:AppendLine', ['Append Line']],
  ['ui:CopyFile', ['Copy File']],
  ['ui:MoveFile', ['Move File']],
  ['ui:CreateDirectory', ['Create Directory', 'Create Folder']],
  ['ui:PathExists', ['Path Exists']],
  ['ui:ExcelApplicationScope', ['Excel Application Scope']],
  ['ui:ReadRange', ['Read Range']],
  ['ui:WriteRange', ['Write Range']],
  ['ui:AppendRange', ['Append Range']],
  // Classic UI automation.
  ['ui:Click', ['Click']],
  ['ui:DoubleClick', ['Double Click']],
  ['ui:TypeInto', ['Type Into']],
  ['ui:TypeSecureText', ['Type Secure Text']],
  ['ui:SetText', ['Set Text']],
  ['ui:GetText', ['Get Text']],
  ['ui:GetFullText', ['Get Full Text']],
  ['ui:GetAttribute', ['Get Attribute']],
  ['ui:SendHotkey', ['Send Hotkey']],
  ['ui:Hover', ['Hover']],
  ['ui:Check', ['Check']],
  ['ui:SelectItem', ['Select Item']],
  ['ui:ElementExists', ['Element Exists']],
  ['ui:WaitUiElementAppear', ['Find Element']],
  ['ui:WaitUiElementVanish', ['Wait Element Vanish']],
  ['ui:OpenBrowser', ['Open Browser']],
  ['ui:BrowserScope', ['Attach Browser']],
  ['ui:NavigateTo', ['Navigate To']],
  ['ui:OpenApplication', ['Open Application']],
  ['ui:CloseApplication', ['Close Application']],
  ['ui:WindowScope', ['Attach Window']],
  ['ui:CloseWindow', ['Close Window']],
  ['ui:TakeScreenshot', ['Take Screenshot']],
  ['ui:SaveImage', ['Save Image']],
  // Modern UI automation (http://schemas.uipath.com/workflow/activities/uix).
  ['uix:NApplicationCard', ['Use Application/Browser']],
  ['uix:NClick', ['Click']],
  ['uix:NTypeInto', ['Type Into']],
  ['uix:NGetText', ['Get Text']],
  ['uix:NHover', ['Hover']],
  ['uix:NCheck', ['Check/Uncheck']],
  ['uix:NSelectItem', ['Select Item']],
  ['uix:NKeyboardShortcuts', ['Keyboard Shortcuts']],
  ['uix:NCheckState', ['Check App State']],
  ['uix:NGoToUrl', ['Go to URL']],
  ['uix:NNavigateBrowser', ['Navigate Browser']],
  ['uix:NExtractData', ['Extract Table Data']],
  ['uix:NTakeScreenshot', ['Take Screenshot']],
])

/** Trimmed, and lower-cased when `ignoreCase`: the form display names are compared in. */
export function normalizeDisplayName(name: string, ignoreCase = true): string {
  const trimmed = name.trim()
  return ignoreCase ? trimmed.toLowerCase() : trimmed
}

/**
 * True when `node` is of a known type and shows one of that type's default names exactly (trimmed;
 * Studio's own check is case-sensitive, so the REFramework's "Create directory" is not a default
 * "Create Directory"), or has no display name or a blank one (see the module doc).
 */
export function hasDefaultDisplayName(node: XamlNode): boolean {
  const defaults = DEFAULT_DISPLAY_NAMES.get(node.type)
  if (defaults === undefined) return false
  const name = node.displayName?.trim() ?? ''
  return name === '' || defaults.includes(name)
}
