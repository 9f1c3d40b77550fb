import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findActivities, findNodes, isEmptyContainer, walkActivities } from './model-queries.js'
import { MAX_TYPE_REFERENCES, parseXaml } from './parse-xaml.js'
import { findCorpus, NS_DECLS, wf } from './test-helpers.js'
import type { WorkflowModel } from './workflow-model.js'

const corpus = findCorpus()
const read = (rel: string): Buffer => readFileSync(join(corpus as string, rel))

describe('parseXaml: snippets', () => {
  it('builds the activity tree with positions, attributes and folded properties', () => {
    const src = wf(
      [
        '  <Sequence DisplayName="Main" sap2010:Annotation.AnnotationText="note">', // line 2
        '    <Sequence.Variables>',
        '      <Variable x:TypeArguments="x:String" Name="pwd" Default="Password123" />', // 4
        '    </Sequence.Variables>',
        '    <ui:TypeInto ContinueOnError="True" DelayBefore="200" Text="[pwd]" DisplayName="Type">', // 6
        '      <ui:TypeInto.Target>',
        '        <ui:Target Selector="&lt;wnd app=\'notepad.exe\' /&gt;" />', // 8
        '      </ui:TypeInto.Target>',
        '    </ui:TypeInto>',
        '    <Sequence DisplayName="Empty" />', // 11
        '  </Sequence>',
      ].join('\n'),
    )
    const m = parseXaml(src, 'Main.xaml')
    expect(m.rootActivityType).toBe('Sequence')
    expect(m.totalLines).toBe(13)
    const main = m.rootActivity!
    expect([main.line, main.column, main.displayName, main.annotation]).toEqual([2, 3, 'Main', 'note'])
    expect(main.children.map((c) => c.type)).toEqual(['ui:TypeInto', 'Sequence'])
    const typeInto = findActivities(m, 'TypeInto')[0]!
    expect(typeInto.attributes.get('ContinueOnError')?.value).toBe('True')
    expect(typeInto.attributes.get('DelayBefore')).toMatchObject({ value: '200', line: 6 })
    expect(typeInto.properties.get('Target')?.values[0]?.type).toBe('ui:Target')
    expect(typeInto.parentActivity).toBe(main)
    expect(typeInto.depth).toBe(1)
    expect(m.variables).toMatchObject([{ name: 'pwd', typeName: 'System.String', line: 4, scope: main }])
    expect(m.variables[0]?.default).toMatchObject({ kind: 'literal', text: 'Password123' })
    expect(m.expressions).toMatchObject([
      { language: 'VisualBasic', text: 'pwd', property: 'Text', owner: typeInto, form: 'attribute', line: 6 },
    ])
    expect(m.selectors).toMatchObject([
      { kind: 'Selector', text: "<wnd app='notepad.exe' />", line: 8, column: 20, activity: typeInto },
    ])
    expect(m.selectors[0]?.node.type).toBe('ui:Target')
    const empty = m.activities.find((a) => a.displayName === 'Empty')!
    expect(isEmptyContainer(empty)).toBe(true)
    expect(isEmptyContainer(main)).toBe(false)
    const seen: string[] = []
    walkActivities(m, (a, d) => {
      seen.push(`${d}:${a.type}`)
    })
    expect(seen).toEqual(['0:Sequence', '1:ui:TypeInto', '1:Sequence'])
  })

  it('keeps literals apart from expressions and reads C# elements in any prefix spelling', () => {
    const body = [
      '  <Sequence>',
      '    <Assign>',
      '      <Assign.To><OutArgument x:TypeArguments="x:String"><mca:CSharpReference x:TypeArguments="x:String">s</mca:CSharpReference></OutArgument></Assign.To>',
      '      <Assign.Value><InArgument x:TypeArguments="x:String"><CSharpValue x:TypeArguments="x:String">"a" + b</CSharpValue></InArgument></Assign.Value>',
      '    </Assign>',
      '    <ui:LogMessage Message="Password123" />',
      '  </Sequence>',
    ].join('\n')
    const m = parseXaml(wf(body), 'c.xaml')
    expect(m.expressionLanguage).toBe('CSharp')
    expect(
      m.expressions.map((e) => [e.language, e.role, e.form, e.property, e.text, e.line, e.owner?.type]),
    ).toEqual([
      ['CSharp', 'reference', 'element', 'To', 's', 4, 'Assign'],
      ['CSharp', 'value', 'element', 'Value', '"a" + b', 5, 'Assign'],
    ])
    expect(m.literals.find((l) => l.property === 'Message')).toMatchObject({ value: 'Password123', line: 7 })
  })

  it('is prefix-independent', () => {
    const a = wf(
      '<Sequence><ui:LogMessage Message="[x]" /><TryCatch><TryCatch.Catches><Catch x:TypeArguments="s:Exception" /></TryCatch.Catches></TryCatch></Sequence>',
    )
    const b = a
      .replaceAll('ui:', 'uip:')
      .replaceAll('xmlns:ui=', 'xmlns:uip=')
      .replaceAll('s:Exception', 'sys:Exception')
      .replaceAll('xmlns:s=', 'xmlns:sys=')
      .replace(
        'xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities"',
        'xmlns:wf="http://schemas.microsoft.com/netfx/2009/xaml/activities"',
      )
      .replace(/<(\/?)(Activity|Sequence|TryCatch|Catch)\b/g, '<$1wf:$2')
      .replace(/<(\/?)TryCatch\.Catches/g, '<$1wf:TryCatch.Catches')
    expect(b).not.toBe(a)
    const project = (m: WorkflowModel) => ({
      nodes: m.nodes.map((n) => [
        n.type,
        n.localName,
        n.namespaceUri,
        n.kind,
        n.depth,
        [...n.attributes.keys()],
      ]),
      exprs: m.expressions.map((e) => [e.text, e.property, e.owner?.type]),
      catches: m.tryCatches.map((t) => t.catches.map((c) => c.exceptionTypeName)),
    })
    expect(project(parseXaml(b, 'b.xaml'))).toEqual(project(parseXaml(a, 'a.xaml')))
    expect(parseXaml(b, 'b.xaml').tryCatches[0]?.catches[0]?.exceptionTypeName).toBe('System.Exception')
  })

  it('resolves flowchart links and finds unreachable nodes', () => {
    const body = [
      '<Flowchart>',
      '  <Flowchart.StartNode><x:Reference>n1</x:Reference></Flowchart.StartNode>',
      '  <FlowStep x:Name="n1"><ui:LogMessage Message="a" /><FlowStep.Next><x:Reference>n2</x:Reference></FlowStep.Next></FlowStep>',
      '  <FlowDecision x:Name="n2" Condition="[x]" True="{x:Reference n1}" />',
      '  <FlowStep x:Name="n3"><ui:LogMessage Message="lost" /></FlowStep>',
      '</Flowchart>',
    ].join('\n')
    const m = parseXaml(wf(body), 'f.xaml')
    const fc = m.flowcharts[0]!
    expect(fc.startNode?.name).toBe('n1')
    expect(fc.nodes.map((n) => [n.node.name, n.reachable, n.next.map((x) => x.name)])).toEqual([
      ['n1', true, ['n2']],
      ['n2', true, ['n1']],
      ['n3', false, []],
    ])
    expect(fc.nodes[2]?.node.line).toBe(6)
    expect(fc.nodes[0]?.action?.type).toBe('ui:LogMessage')
  })

  it('reads arguments with directions, annotations and defaults', () => {
    const src = wf(
      [
        '<x:Members>',
        '  <x:Property Name="in_A" Type="InArgument(x:String)" sap2010:Annotation.AnnotationText="doc" />',
        '  <x:Property Name="out_B" Type="OutArgument(s:Exception)" />',
        '  <x:Property Name="io_C" Type="InOutArgument(x:Int32)" />',
        '  <x:Property Name="P" Type="x:Boolean" />',
        '</x:Members>',
        '<Sequence />',
      ].join('\n'),
      'this:Main.in_A="hello" xmlns:this="clr-namespace:"',
    )
    const m = parseXaml(src, 'a.xaml')
    expect(m.arguments.map((a) => [a.name, a.direction, a.type, a.typeName, a.line])).toEqual([
      ['in_A', 'In', 'x:String', 'System.String', 3],
      ['out_B', 'Out', 's:Exception', 'System.Exception', 4],
      ['io_C', 'InOut', 'x:Int32', 'System.Int32', 5],
      ['P', 'Property', 'x:Boolean', 'System.Boolean', 6],
    ])
    expect(m.arguments[0]?.annotation).toBe('doc')
    expect(m.arguments[0]?.default).toMatchObject({ kind: 'literal', text: 'hello' })
    expect(isEmptyContainer(m.rootActivity!)).toBe(true)
  })

  it('accepts a bare activity root in the activities namespace', () => {
    const m = parseXaml(`<Sequence ${NS_DECLS}><Delay /></Sequence>`, 's.xaml')
    expect(m.rootActivity?.localName).toBe('Sequence')
  })
})

describe.skipIf(corpus === undefined)('parseXaml: real corpus files', () => {
  it('uipath-reframework-2019/Main.xaml (VB, StateMachine)', () => {
    const m = parseXaml(read('uipath-reframework-2019/Main.xaml'), 'Main.xaml')
    expect(m.expressionLanguage).toBe('VisualBasic')
    expect(m.rootActivityType).toBe('StateMachine')
    expect(m.totalLines).toBe(723)
    expect(m.arguments).toMatchObject([{ name: 'in_OrchestratorQueueName', direction: 'In', line: 16 }])
    const sm = m.stateMachines[0]!
    expect(sm.initialState?.displayName).toBe('Initialization')
    expect(sm.states.map((s) => [s.displayName, s.node.line, s.isFinal])).toEqual([
      ['Initialization', 82, false],
      ['Get Transaction Data', 159, false],
      ['Process Transaction', 223, false],
      ['End Process', 321, true],
    ])
    const t = sm.states[2]!.transitions[0]!
    expect([t.node.displayName, t.to?.displayName, t.condition?.text, t.node.line]).toEqual([
      'Error',
      'Initialization',
      'SystemError IsNot Nothing',
      308,
    ])
    const tc = m.tryCatches.find((x) => x.line === 225)!
    expect(tc.catches.map((c) => [c.exceptionType, c.exceptionTypeName, c.line])).toEqual([
      ['ui:BusinessRuleException', 'UiPath.Core.BusinessRuleException', 245],
      ['s:Exception', 'System.Exception', 260],
    ])
    // line 89: <OutArgument x:TypeArguments="s:Exception">[SystemError]</OutArgument>; line 95: Condition="[Config is Nothing]"
    expect(m.expressions[0]).toMatchObject({
      text: 'SystemError',
      role: 'reference',
      property: 'To',
      line: 89,
      column: 21,
    })
    expect(m.expressions[2]).toMatchObject({ text: 'Config is Nothing', property: 'Condition', line: 95 })
    expect(m.invokedWorkflows[0]).toMatchObject({ fileName: 'Framework\\InitAllSettings.xaml', line: 98 })
  })

  it('uipath-studiotemplates-reframework/pt1/CSharp/Main.xaml (C#)', () => {
    const m = parseXaml(read('uipath-studiotemplates-reframework/pt1/CSharp/Main.xaml'), 'Main.xaml')
    expect(m.expressionLanguage).toBe('CSharp')
    expect(m.rootActivityType).toBe('StateMachine')
    expect(m.expressions.every((e) => e.language === 'CSharp')).toBe(true)
    // line 100: <mca:CSharpValue x:TypeArguments="x:Boolean" …>Config == null</mca:CSharpValue>
    expect(m.expressions.find((e) => e.text === 'Config == null')).toMatchObject({
      line: 100,
      form: 'element',
      property: 'Condition',
    })
    expect(m.stateMachines[0]?.states.map((s) => s.displayName).sort()).toEqual([
      'End Process',
      'Get Transaction Data',
      'Initialization',
      'Process Transaction',
    ])
    expect(findNodes(m, 'State').map((s) => s.line)).toEqual([74, 299, 404, 552])
  })

  it('pt3 C# with unprefixed CSharpValue', () => {
    const m = parseXaml(
      read('uipath-studiotemplates-reframework/pt3/CSharp/Tests/InitAllApplicationsTestCase.xaml'),
      'x.xaml',
    )
    expect(m.expressionLanguage).toBe('CSharp')
    // line 87: <CSharpValue x:TypeArguments="x:Object" …>"InitAllApplicationsTestCase started."</CSharpValue>
    expect(m.expressions.find((e) => e.text === '"InitAllApplicationsTestCase started."')).toMatchObject({
      line: 87,
      language: 'CSharp',
    })
  })

  it('SetTransactionStatus.xaml flowchart (x:Reference links)', () => {
    const m = parseXaml(read('uipath-reframework-2019/Framework/SetTransactionStatus.xaml'), 's.xaml')
    const fc = m.flowcharts[0]!
    expect(fc.node.line).toBe(78)
    expect(fc.startNode?.line).toBe(80)
    expect(fc.nodes.every((n) => n.reachable)).toBe(true)
    // line 180: <x:Reference>__ReferenceID0</x:Reference> → the FlowStep on line 118
    expect(fc.nodes.find((n) => n.node.line === 144)?.next.map((x) => x.line)).toEqual([118])
  })

  it('flindersuni ImportantActivities.xaml: empty containers', () => {
    const m = parseXaml(read('flindersuni-rpa-lint/test/artefacts/ImportantActivities.xaml'), 'i.xaml')
    const empties = m.activities.filter(isEmptyContainer).map((a) => [a.localName, a.line])
    expect(empties).toEqual(
      expect.arrayContaining([
        ['Sequence', 54],
        ['Flowchart', 61],
        ['Flowchart', 72],
      ]),
    )
  })
})

describe('parseXaml: type references', () => {
  const scg = 'clr-namespace:System.Collections.Generic;assembly=mscorlib'
  const ui = 'http://schemas.uipath.com/workflow/activities'

  it('keeps each prefixed type named in type arguments and argument types once, at its first use', () => {
    const m = parseXaml(
      wf(
        [
          '<x:Members><x:Property Name="in_Item" Type="InArgument(ui:QueueItem)" /></x:Members>',
          '<Sequence sap2010:WorkflowViewState.IdRef="Sequence_1">',
          '  <Sequence.Variables><Variable x:TypeArguments="scg:List(ui:QueueItem)" Name="items" /></Sequence.Variables>',
          '</Sequence>',
        ].join('\n'),
      ),
      'Main.xaml',
    )
    expect(m.typeReferences.map((type) => [type.namespaceUri, type.localName, type.line])).toEqual([
      [ui, 'QueueItem', 2],
      [scg, 'List', 4],
    ])
  })

  it(`keeps at most ${MAX_TYPE_REFERENCES} distinct names, however many a file makes up`, () => {
    const names = Array.from({ length: MAX_TYPE_REFERENCES + 500 }, (_, i) => `ui:T${i}`).join(', ')
    const m = parseXaml(
      wf(
        `<Sequence><Sequence.Variables><Variable x:TypeArguments="scg:Dictionary(${names})" Name="d" /></Sequence.Variables></Sequence>`,
      ),
      'Main.xaml',
    )
    expect(m.typeReferences).toHaveLength(MAX_TYPE_REFERENCES)
  })
})
