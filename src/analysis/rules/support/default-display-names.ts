/**
 * The display names Studio gives activities when they are dropped on the canvas, by canonical model
 * type (`Sequence`, `ui:TypeInto`, `uix:NClick`), and the names it gives the containers it creates
 * itself (an If's `Then`/`Else`, a loop's `Body`/`Do`, a Try Catch's `Try`/`Finally`, a Comment Out's
 * `Ignored Activities`) — per Studio display language, as data ({@link STUDIO_DISPLAY_NAMES}). Studio
 * writes these names in the language it runs in, so a workflow made in a German Studio says
 * "Ausführen" where an English one says "Do". Shared by FC-UIP-NMG-007 (default display name left
 * unchanged) and FC-UIP-NMG-003 (duplicate display names, which leaves default and container names
 * alone so one problem gives one finding). Not a rule: it lives in support/ so the catalogue test
 * ignores it.
 *
 * Workflow Foundation omits a property from the XAML when it holds its default value, so an
 * activity *without* a `DisplayName` attribute shows exactly its default name in the designer; that
 * is why a missing display name counts as a default one. Some types have two defaults: the class
 * default that WF writes (`TryCatch`) and the name Studio's toolbox sets (`Try Catch`).
 *
 * Every locale table says where its names come from. A name goes in only when it has a source; a
 * translation that could not be checked is left out (it is better to report a localized default
 * name as a duplicate than to hide a real duplicate behind a guessed translation).
 *
 * @module
 */
import type { XamlNode } from '../../xaml/workflow-model.js'

/** Studio's names in one display language. */
export interface StudioLocaleNames {
  /** BCP 47 language (`en`, `de`, `ja`, `pt-BR`). */
  readonly locale: string
  /** Where the names come from, and how far they are verified. */
  readonly source: string
  /** Canonical type → default display names in this language. */
  readonly activities: ReadonlyMap<string, readonly string[]>
  /** Names of the containers Studio creates by itself (If branches, loop bodies, Try/Finally…). */
  readonly containers: readonly string[]
}

/** English (Studio's default language). */
const ENGLISH_ACTIVITY_NAMES: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
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
  ['ui:Activate', ['Activate']],
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

/**
 * The locale tables. English comes from the activity packages' toolbox names as they appear in the
 * XAML of real projects (the corpus) and UiPath's English activity documentation. The other
 * languages take the activity names UiPath's localized documentation gives each activity
 * (docs.uipath.com/<lang>/activities/…, the activity index of the UI Automation package: the
 * localized docs name activities as the localized Studio shows them); container names come from
 * real workflows made in that language, as noted per table.
 */
export const STUDIO_DISPLAY_NAMES: readonly StudioLocaleNames[] = Object.freeze([
  {
    locale: 'en',
    source:
      "Activity names: UiPath's English activity documentation and real XAML (corpus: REFramework templates, uipath-skills, vendor-invoices). Containers: corpus XAML (If.Then/Else 'Then'/'Else', loop 'Body'/'Do', Comment Out 'Ignored Activities', Retry Scope body 'Action' in Queue_Dispatcher.xaml, TryCatch.Try 'Try' in uipath-skills Transaction.xaml:126) and issue 14 ('Finally', a Try Catch's Finally block in real projects).",
    activities: ENGLISH_ACTIVITY_NAMES,
    containers: ['Then', 'Else', 'Body', 'Do', 'Ignored Activities', 'Action', 'Try', 'Finally'],
  },
  {
    locale: 'de',
    source:
      "Activity names: UiPath's German UI Automation documentation, activity index (docs.uipath.com/de/activities/other/latest/ui-automation/…, e.g. 'Klicken (Click)', 'Eingeben in (Type Into)'). Containers: 'Ausführen' (a loop's Do), 'Endlich' (a Try Catch's Finally) and 'Ziel wird angezeigt' (Check App State's 'target appears' branch) as written by a German Studio in real public projects reviewed for issue 14; not checked against UiPath's German resource files. If/Else branch names in German could not be sourced and are left out.",
    activities: new Map<string, readonly string[]>([
      ['ui:Click', ['Klicken']],
      ['ui:Hover', ['Darauf zeigen']],
      ['ui:TypeSecureText', ['Sicheren Text eingeben']],
      ['ui:SendHotkey', ['Hotkey senden']],
      ['ui:TypeInto', ['Eingeben in']],
      ['ui:Check', ['Prüfen']],
      ['ui:SelectItem', ['Objekt auswählen']],
      ['ui:GetText', ['Text erhalten']],
      ['ui:SetText', ['Text einstellen']],
      ['ui:Activate', ['Aktivieren']],
      ['ui:ElementExists', ['Element vorhanden']],
      ['ui:BrowserScope', ['Browser anhängen']],
      ['ui:WindowScope', ['Fenster anhängen']],
      ['ui:CloseApplication', ['Anwendung schließen']],
      ['ui:CloseWindow', ['Fenster schließen']],
    ]),
    containers: ['Ausführen', 'Endlich', 'Ziel wird angezeigt'],
  },
  {
    locale: 'fr',
    source:
      "UiPath's French documentation was searched (docs.uipath.com/fr/activities/…, /fr/studio/…) but its pages at hand name the UI Automation activities only in navigation we could not read in full; no French default name could be verified, so none is listed. Add names here with their source.",
    activities: new Map<string, readonly string[]>(),
    containers: [],
  },
  {
    locale: 'es',
    source:
      "Activity names: UiPath's Spanish UI Automation documentation, activity index (docs.uipath.com/es/activities/other/latest/ui-automation/ui-automation-classic-activities and …/window-scope). Container names could not be sourced.",
    activities: new Map<string, readonly string[]>([
      ['ui:Click', ['Clic']],
      ['ui:Hover', ['Mantener el puntero']],
      ['ui:TypeSecureText', ['Escribir Texto Seguro']],
      ['ui:SendHotkey', ['Enviar tecla de acceso rápido']],
      ['ui:TypeInto', ['Escribir en']],
      ['ui:Check', ['Comprobar']],
      ['ui:SelectItem', ['Seleccionar elemento']],
      ['ui:GetText', ['Obtener texto']],
      ['ui:SetText', ['Establecer texto']],
      ['ui:Activate', ['Activar']],
      ['ui:ElementExists', ['Elemento existente']],
      ['ui:WaitUiElementAppear', ['Buscar elemento']],
      ['ui:WaitUiElementVanish', ['Esperar a fuga de elemento']],
      ['ui:GetAttribute', ['Obtener atributo']],
      ['ui:BrowserScope', ['Asociar navegador']],
      ['ui:WindowScope', ['Asociar ventana']],
      ['ui:CloseApplication', ['Cerrar aplicación']],
      ['ui:CloseWindow', ['Cerrar ventana']],
    ]),
    containers: [],
  },
  {
    locale: 'pt-BR',
    source:
      "Activity names: UiPath's Brazilian Portuguese UI Automation documentation, activity index (docs.uipath.com/pt-BR/activities/other/latest/ui-automation/n-check-state); that index leaves many activities in English (Click, Type Into, Get Text), which the English table covers. Container names could not be sourced.",
    activities: new Map<string, readonly string[]>([
      ['ui:TypeSecureText', ['Digitar Texto Seguro']],
      ['ui:SendHotkey', ['Enviar Tecla de Acesso']],
      ['ui:Check', ['Marcar']],
      ['ui:Activate', ['Ativar']],
      ['ui:WaitUiElementAppear', ['Localizar Elemento']],
      ['ui:WaitUiElementVanish', ['Esperar Elemento Desaparecer']],
    ]),
    containers: [],
  },
  {
    locale: 'ja',
    source:
      "Activity names: UiPath's Japanese UI Automation documentation, activity index (docs.uipath.com/ja/activities/other/latest/ui-automation/n-check-state) and the Japanese Log Message page (docs.uipath.com/ja/studio-web/…/log-message: 'メッセージをログ'). Container names could not be sourced.",
    activities: new Map<string, readonly string[]>([
      ['ui:LogMessage', ['メッセージをログ']],
      ['ui:Click', ['クリック']],
      ['ui:Hover', ['ホバー']],
      ['ui:TypeSecureText', ['SecureString で文字を入力']],
      ['ui:SendHotkey', ['ホットキーを押下']],
      ['ui:TypeInto', ['文字を入力']],
      ['ui:Check', ['チェック']],
      ['ui:SelectItem', ['項目を選択']],
      ['ui:GetText', ['テキストを取得']],
      ['ui:SetText', ['テキストを設定']],
      ['ui:Activate', ['アクティベート']],
      ['ui:ElementExists', ['要素の存在を確認']],
      ['ui:WaitUiElementAppear', ['要素を探す']],
      ['ui:WaitUiElementVanish', ['要素の消滅を待つ']],
      ['ui:GetAttribute', ['属性を取得']],
      ['ui:GetFullText', ['フル テキストを取得']],
      ['ui:TakeScreenshot', ['スクリーンショットを作成']],
      ['ui:SaveImage', ['画像を保存']],
      ['ui:BrowserScope', ['ブラウザーにアタッチ']],
      ['ui:WindowScope', ['ウィンドウにアタッチ']],
      ['ui:OpenBrowser', ['ブラウザーを開く']],
      ['ui:NavigateTo', ['URL に移動']],
      ['ui:CloseApplication', ['アプリケーションを閉じる']],
      ['ui:CloseWindow', ['ウィンドウを閉じる']],
    ]),
    containers: [],
  },
])

/** Canonical type → default display names in every language of {@link STUDIO_DISPLAY_NAMES}. */
export const DEFAULT_DISPLAY_NAMES: ReadonlyMap<string, readonly string[]> = (() => {
  const merged = new Map<string, string[]>()
  for (const { activities } of STUDIO_DISPLAY_NAMES) {
    for (const [type, names] of activities) merged.set(type, [...(merged.get(type) ?? []), ...names])
  }
  return merged
})()

/** The names of the containers Studio creates by itself, in every language of {@link STUDIO_DISPLAY_NAMES}. */
export const STUDIO_CONTAINER_NAMES: readonly string[] = Object.freeze(
  STUDIO_DISPLAY_NAMES.flatMap((locale) => locale.containers),
)

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
