/**
 * The one home for "what does this property hold": propertyValues() / propertyValue() over every form UiPath
 * writes expressions in, markup extensions as "not a value", and flags apart from data.
 * Snippets are shaped like Studio's own output (Studio 23–24, VB and C#).
 */
import { describe, expect, it } from 'vitest'
import {
  expressionsOf,
  findActivities,
  findNodes,
  literalsOf,
  propertyValue,
  propertyValues,
} from './model-queries.js'
import { parseXaml } from './parse-xaml.js'
import { wf } from './test-helpers.js'

const MVA = 'xmlns:mva="clr-namespace:Microsoft.VisualBasic.Activities;assembly=System.Activities"'

describe('propertyValues / propertyValue: expressions wherever UiPath stores them', () => {
  const model = parseXaml(
    wf(
      [
        '  <Sequence DisplayName="Main">', // 2
        '    <Assign DisplayName="Set total">', // 3
        '      <Assign.To>',
        '        <OutArgument x:TypeArguments="x:Int32">[total]</OutArgument>', // 5
        '      </Assign.To>',
        '      <Assign.Value>',
        '        <InArgument x:TypeArguments="x:Int32">[a + b]</InArgument>', // 8
        '      </Assign.Value>',
        '    </Assign>',
        '    <ui:InvokeWorkflowFile DisplayName="Run test" WorkflowFileName="Process.xaml" ContinueOnError="{x:Null}">', // 11
        '      <ui:InvokeWorkflowFile.Arguments>',
        '        <InArgument x:TypeArguments="x:Object" x:Key="in_Config">', // 13
        '          <mva:VisualBasicValue x:TypeArguments="x:Object" ExpressionText="Config" />', // 14
        '        </InArgument>',
        '        <OutArgument x:TypeArguments="ui:QueueItem" x:Key="out_Item">', // 16
        '          <mva:VisualBasicReference x:TypeArguments="ui:QueueItem" ExpressionText="TransactionItem" />', // 17
        '        </OutArgument>',
        '      </ui:InvokeWorkflowFile.Arguments>',
        '    </ui:InvokeWorkflowFile>',
        '    <ui:TypeInto DisplayName="Type password" IsPassword="True" Text="[pwd]" Operator="Equality" />', // 21
        '    <ui:LogMessage DisplayName="{x:Null}" Level="Info" Message="Started" />', // 22
        '  </Sequence>',
      ].join('\n'),
      MVA,
    ),
    'Main.xaml',
  )
  const [assign] = findActivities(model, 'Assign')
  const [invoke] = findActivities(model, 'InvokeWorkflowFile')
  const [typeInto] = findActivities(model, 'TypeInto')
  const [log] = findActivities(model, 'LogMessage')

  it('reads element-form Assign.To / Assign.Value, with the l-value as a reference', () => {
    expect(propertyValue(model, assign!, 'To')).toMatchObject({
      kind: 'expression',
      expression: { text: 'total', role: 'reference', form: 'text', line: 5 },
    })
    expect(propertyValue(model, assign!, 'Value')).toMatchObject({
      kind: 'expression',
      expression: { text: 'a + b', role: 'value', language: 'VisualBasic', line: 8 },
    })
    // The node it was written on is the argument wrapper.
    const to = propertyValue(model, assign!, 'To')
    expect(to?.kind === 'expression' && to.expression.node.localName).toBe('OutArgument')
  })

  it('reads VisualBasicValue / VisualBasicReference ExpressionText as expressions of the owner, keyed', () => {
    expect(propertyValue(model, invoke!, 'Arguments', 'in_Config')).toMatchObject({
      kind: 'expression',
      key: 'in_Config',
      expression: { text: 'Config', role: 'value', form: 'element', language: 'VisualBasic', line: 14 },
    })
    expect(propertyValue(model, invoke!, 'Arguments', 'out_Item')).toMatchObject({
      kind: 'expression',
      expression: { text: 'TransactionItem', role: 'reference', line: 17 },
    })
    // Never a literal any more.
    expect(model.literals.some((literal) => literal.property === 'ExpressionText')).toBe(false)
    expect(expressionsOf(model, invoke!).map((e) => e.text)).toEqual(['Config', 'TransactionItem'])
  })

  it('gives {x:Null} as a markup, not a value, and a literal file name as a literal', () => {
    expect(propertyValue(model, invoke!, 'ContinueOnError')).toMatchObject({
      kind: 'markup',
      markup: { extension: 'x:Null', text: '{x:Null}', line: 11 },
    })
    expect(propertyValue(model, invoke!, 'WorkflowFileName')).toMatchObject({
      kind: 'literal',
      literal: { value: 'Process.xaml', flag: false },
    })
    expect(model.literals.some((literal) => literal.value.startsWith('{x:'))).toBe(false)
  })

  it('marks Boolean and enum literals as flags, data literals not', () => {
    expect(propertyValue(model, typeInto!, 'IsPassword')).toMatchObject({
      kind: 'literal',
      literal: { flag: true },
    })
    expect(propertyValue(model, typeInto!, 'Operator')).toMatchObject({
      kind: 'literal',
      literal: { flag: true },
    })
    expect(propertyValue(model, log!, 'Level')).toMatchObject({ kind: 'literal', literal: { flag: true } })
    expect(propertyValue(model, log!, 'Message')).toMatchObject({ kind: 'literal', literal: { flag: false } })
    expect(literalsOf(model, typeInto!).map((l) => `${l.property}:${l.flag}`)).toEqual([
      'DisplayName:false',
      'IsPassword:true',
      'Operator:true',
    ])
  })

  it('takes DisplayName="{x:Null}" as no name', () => {
    expect(log!.displayName).toBeUndefined()
    expect(propertyValue(model, log!, 'DisplayName')?.kind).toBe('markup')
  })

  it('returns values in source order and nothing for a node that holds none', () => {
    const lines = propertyValues(model, invoke!).map((value) => value.line)
    expect(lines).toEqual([...lines].sort((a, b) => a - b))
    expect(propertyValues(model, model.root)).toEqual([])
  })
})

describe('C# expression elements, prefixed or not', () => {
  it('reads CSharpValue / CSharpReference by local name + namespace URI, text or ExpressionText', () => {
    const model = parseXaml(
      wf(
        [
          '  <Sequence DisplayName="Main">',
          '    <Assign DisplayName="Copy">', // 3
          '      <Assign.To>',
          '        <OutArgument x:TypeArguments="x:String">',
          '          <CSharpReference x:TypeArguments="x:String">target</CSharpReference>', // 6
          '        </OutArgument>',
          '      </Assign.To>',
          '      <Assign.Value>',
          '        <InArgument x:TypeArguments="x:String">',
          '          <mca:CSharpValue x:TypeArguments="x:String" ExpressionText="source.Trim()" />', // 11
          '        </InArgument>',
          '      </Assign.Value>',
          '    </Assign>',
          '  </Sequence>',
        ].join('\n'),
      ),
      'Main.xaml',
    )
    const [assign] = findActivities(model, 'Assign')
    expect(model.expressionLanguage).toBe('CSharp')
    expect(propertyValue(model, assign!, 'To')).toMatchObject({
      kind: 'expression',
      expression: { text: 'target', role: 'reference', language: 'CSharp', form: 'element', line: 6 },
    })
    expect(propertyValue(model, assign!, 'Value')).toMatchObject({
      kind: 'expression',
      expression: { text: 'source.Trim()', role: 'value', language: 'CSharp', line: 11 },
    })
    const [element] = findNodes(model, 'CSharpValue')
    const value = propertyValue(model, assign!, 'Value')
    expect(value?.kind === 'expression' && value.expression.node).toBe(element)
  })

  it('records other markup extensions and <x:Null /> elements as not-a-value', () => {
    const model = parseXaml(
      wf(
        [
          '  <Sequence DisplayName="Main">',
          '    <ui:ReadTextFile DisplayName="Read" FileName="{x:Static s:String.Empty}">', // 3
          '      <ui:ReadTextFile.Content>',
          '        <x:Null />', // 5
          '      </ui:ReadTextFile.Content>',
          '    </ui:ReadTextFile>',
          '  </Sequence>',
        ].join('\n'),
      ),
      'Main.xaml',
    )
    const [read] = findActivities(model, 'ReadTextFile')
    expect(propertyValues(model, read!).filter((value) => value.property !== 'DisplayName')).toMatchObject([
      { kind: 'markup', property: 'FileName', markup: { extension: 'x:Static' }, line: 3 },
      { kind: 'markup', property: 'Content', markup: { extension: 'x:Null' }, line: 5 },
    ])
    expect(model.literals.map((literal) => literal.property)).toEqual(['DisplayName', 'DisplayName'])
  })
})
