import { defineFlowRule, type FlowRawFinding, findingAtStep } from '../../power-automate/flow-rule.js'

/**
 * The names the designer gives a new step before anyone renames it: the operation's title with
 * `_` for spaces, `_2`, `_3`… for the next ones. Built-in actions by type (a Compose named
 * Compose), and the connector operations seen in the corpus and most used (their names only: a
 * step named Get_items is a default whatever it calls).
 */
const DEFAULT_NAME_BY_TYPE: Readonly<Record<string, readonly string[]>> = {
  compose: ['Compose'],
  if: ['Condition'],
  foreach: ['Apply_to_each', 'For_each'],
  scope: ['Scope'],
  switch: ['Switch'],
  until: ['Do_until'],
  initializevariable: ['Initialize_variable'],
  setvariable: ['Set_variable'],
  incrementvariable: ['Increment_variable'],
  decrementvariable: ['Decrement_variable'],
  appendtoarrayvariable: ['Append_to_array_variable'],
  appendtostringvariable: ['Append_to_string_variable'],
  parsejson: ['Parse_JSON'],
  query: ['Filter_array'],
  select: ['Select'],
  join: ['Join'],
  table: ['Create_HTML_table', 'Create_CSV_table'],
  wait: ['Delay', 'Delay_until'],
  http: ['HTTP'],
  response: ['Response', 'Respond_to_a_PowerApp_or_flow'],
  terminate: ['Terminate'],
  workflow: ['Run_a_Child_Flow'],
}
const CONNECTOR_DEFAULTS = new Set([
  'Get_items',
  'Get_item',
  'Create_item',
  'Update_item',
  'Delete_item',
  'Get_file_properties',
  'Update_file_properties',
  'Get_file_content',
  'Create_file',
  'Send_an_HTTP_request_to_SharePoint',
  'Send_an_email_(V2)',
  'Send_an_email_notification_(V3)',
  'Post_message_in_a_chat_or_channel',
  'Start_and_wait_for_an_approval',
  'Get_user_profile_(V2)',
  'Get_manager_(V2)',
  'List_rows',
  'Get_a_row_by_ID',
  'Add_a_new_row',
  'Update_a_row',
  'Delete_a_row',
  'Perform_an_unbound_action',
  'Get_response_details',
])

function isDefaultName(name: string, type: string): boolean {
  // `_2`, `_3`… only when the name ends in a digit (most do not: no regex replace for them).
  const last = name.charCodeAt(name.length - 1)
  const base = last >= 0x30 && last <= 0x39 ? name.replace(/_\d+$/, '') : name
  return (DEFAULT_NAME_BY_TYPE[type.toLowerCase()] ?? []).includes(base) || CONNECTOR_DEFAULTS.has(base)
}

export const defaultActionNameRule = defineFlowRule({
  ruleId: 'FC-PAF-NMG-001',
  name: 'default-action-name',
  category: 'naming',
  severity: 'low',
  description: 'A step keeps the name the designer gave it.',
  recommendation:
    'Rename the step to say what it does (Get_open_invoices, Notify_approver): the name is what run history, expressions and error messages show.',
  check(flow) {
    const findings: FlowRawFinding[] = []
    for (const action of flow.actions) {
      if (isDefaultName(action.name, action.type))
        findings.push(findingAtStep(action, `${action.name} (${action.type}) is a default name.`))
    }
    return findings
  },
})
