import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseXaml } from './parse-xaml.js'
import { findCorpus, listXaml, NS_DECLS, wf } from './test-helpers.js'
import { XAML_ERROR_CODES, XamlError, type XamlErrorCode } from './xaml-error.js'
import { DEFAULT_XAML_LIMITS, XAML_LIMIT_REFUSALS, type XamlLimitName } from './xaml-limits.js'

function errorOf(input: Uint8Array | string, limits?: Parameters<typeof parseXaml>[2], what = ''): XamlError {
  try {
    parseXaml(input, 'h.xaml', limits)
  } catch (e) {
    expect(e).toBeInstanceOf(XamlError)
    return e as XamlError
  }
  throw new Error(`expected parseXaml to throw ${what}`)
}

function expectCode(input: Uint8Array | string, code: XamlErrorCode): XamlError {
  const e = errorOf(input)
  expect(e.code).toBe(code)
  expect(XAML_ERROR_CODES).toContain(e.code)
  return e
}

/** The error parseXaml throws for `input`, and the CPU time (all threads of the process) it took. */
function refusalOf(input: string): { error: XamlError; cpuMs: number } {
  const before = process.cpuUsage()
  const error = errorOf(input)
  const used = process.cpuUsage(before)
  return { error, cpuMs: (used.user + used.system) / 1000 }
}

const enc = new TextEncoder()

describe('parseXaml: encodings', () => {
  const text = wf('<Sequence DisplayName="é ü 漢" />')
  it('accepts UTF-8 with and without BOM', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode(text)])
    expect(parseXaml(bom, 'a').rootActivity?.displayName).toBe('é ü 漢')
    expect(parseXaml(enc.encode(text), 'a').rootActivity?.line).toBe(2)
    expect(parseXaml(`\ufeff${text}`, 'a').rootActivity?.displayName).toBe('é ü 漢')
  })
  it('accepts UTF-16 LE and BE with BOM', () => {
    const le = new Uint8Array(2 + text.length * 2)
    const be = new Uint8Array(2 + text.length * 2)
    le.set([0xff, 0xfe])
    be.set([0xfe, 0xff])
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      le[2 + 2 * i] = c & 0xff
      le[3 + 2 * i] = c >> 8
      be[2 + 2 * i] = c >> 8
      be[3 + 2 * i] = c & 0xff
    }
    expect(parseXaml(le, 'a').rootActivity?.displayName).toBe('é ü 漢')
    expect(parseXaml(be, 'a').rootActivity?.displayName).toBe('é ü 漢')
  })
  it('rejects invalid UTF-8 with a position', () => {
    const text = wf('<Sequence DisplayName="xx" />')
    const bad = new Uint8Array(enc.encode(text))
    const at = text.indexOf('"xx"') + 1 // ASCII text: byte offset = string index; line 2, column 24
    bad[at] = 0xff
    const e = expectCode(bad, 'XAML_ENCODING_ERROR')
    expect(e.line).toBe(2)
    expect(e.column).toBe(24)
    expectCode(new Uint8Array([0xff, 0xfe, 0x3c]), 'XAML_ENCODING_ERROR')
  })
})

describe('parseXaml: hostile and broken input', () => {
  it('refuses DOCTYPE / XXE', () => {
    const e = expectCode(
      `<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<Activity ${NS_DECLS}>&e;</Activity>`,
      'XAML_DTD_FORBIDDEN',
    )
    expect(e.line).toBe(2)
  })
  it('refuses billion laughs without expanding', () => {
    const lol = [
      '<!DOCTYPE lolz [',
      '<!ENTITY lol "lol">',
      ...Array.from(
        { length: 9 },
        (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
      ),
      ']>',
      `<Activity ${NS_DECLS}>&lol9;</Activity>`,
    ].join('\n')
    const t0 = performance.now()
    expectCode(lol, 'XAML_DTD_FORBIDDEN')
    expect(performance.now() - t0).toBeLessThan(200)
  })
  it('rejects 50 MiB quickly, bytes or string', () => {
    const big = new Uint8Array(50 * 1024 * 1024)
    const t0 = performance.now()
    expectCode(big, 'XAML_TOO_LARGE')
    expectCode('<'.repeat(11 * 1024 * 1024), 'XAML_TOO_LARGE')
    expect(performance.now() - t0).toBeLessThan(500)
  })
  it('rejects 100,000-deep nesting without overflowing the stack', () => {
    const n = 100_000
    const src = `<Activity ${NS_DECLS}>${'<Sequence>'.repeat(n)}${'</Sequence>'.repeat(n)}</Activity>`
    const t0 = performance.now()
    const e = expectCode(src, 'XAML_TOO_DEEP')
    expect(e.line).toBe(1)
    expect(performance.now() - t0).toBeLessThan(1000)
    expect(errorOf(wf('<Sequence><Sequence><Sequence /></Sequence></Sequence>'), { maxDepth: 3 }).code).toBe(
      'XAML_TOO_DEEP',
    )
  })
  it('enforces element and attribute limits', () => {
    expect(errorOf(wf('<Sequence><Delay /><Delay /></Sequence>'), { maxElements: 3 }).code).toBe(
      'XAML_TOO_LARGE',
    )
    expect(errorOf(wf('<Delay a="1" b="2" c="3" />'), { maxAttributesPerElement: 2 }).code).toBe(
      'XAML_TOO_LARGE',
    )
  })
  it('refuses each limit with its code, its name and value, and where it was crossed', () => {
    // Minimal root: one attribute (xmlns, 55 bytes). 'é漢' is 2 + 3 UTF-8 bytes.
    const doc = (body: string) =>
      `<Activity xmlns="http://schemas.microsoft.com/netfx/2009/xaml/activities">${body}</Activity>`
    // Per limit: an input, the value that refuses it (and +1 accepts it), and the line of the refusal.
    const crossing: Record<XamlLimitName, { source: string; refusedAt: number; line: number | undefined }> = {
      maxBytes: { source: doc('<Sequence />'), refusedAt: doc('<Sequence />').length - 1, line: undefined },
      maxDepth: {
        source: doc('\n<Sequence>\n<Sequence>\n<Sequence />\n</Sequence></Sequence>'),
        refusedAt: 3,
        line: 4,
      },
      maxElements: { source: doc('\n<Sequence>\n<Delay />\n<Delay />\n</Sequence>'), refusedAt: 3, line: 4 },
      maxAttributes: { source: doc('\n<Delay a="1" />\n<Delay b="2"\n c="3" />'), refusedAt: 3, line: 4 },
      maxAttributesPerElement: { source: doc('\n<Delay a="1" b="2" c="3" />'), refusedAt: 2, line: 2 },
      maxAttributeValueBytes: {
        source: doc(`\n<Delay a="1"\n b="${'é漢'.repeat(20)}" />`),
        refusedAt: 99,
        line: 3,
      },
      maxTotalAttributeBytes: {
        source: doc('\n<Delay a="1" />\n<Delay b="22" />\n<Delay c="333" />'),
        refusedAt: 55 + 5,
        line: 4,
      },
      maxActivityLinks: {
        source: doc(
          '\n<Sequence><InArgument><InArgument>\n<Delay />\n<Delay /></InArgument></InArgument></Sequence>',
        ),
        // Sequence → root (1), each Delay → both InArguments (2 + 2).
        refusedAt: 4,
        line: 4,
      },
      maxTextBytes: {
        source: doc('\n<Sequence>\n  <InArgument>é漢</InArgument></Sequence>'),
        refusedAt: 4,
        line: 3,
      },
    }
    for (const name of Object.keys(XAML_LIMIT_REFUSALS) as XamlLimitName[]) {
      const { source, refusedAt, line } = crossing[name]
      const e = errorOf(source, { [name]: refusedAt }, name)
      expect(e.code, name).toBe(XAML_LIMIT_REFUSALS[name].code)
      expect(e.limit, name).toEqual({ name, value: refusedAt })
      expect(e.message, name).toContain(String(refusedAt))
      expect(e.line, name).toBe(line)
      expect(parseXaml(source, 'ok.xaml', { [name]: refusedAt + 1 }).nodes.length, name).toBeGreaterThan(1)
    }
  })
  it('refuses a million empty elements at the element limit, not at the end of the file', () => {
    const src = `<Activity ${NS_DECLS}>${'<a/>'.repeat(1_000_000)}</Activity>`
    const { error, cpuMs } = refusalOf(src)
    expect(error.code).toBe('XAML_TOO_LARGE')
    expect(error.limit).toEqual({ name: 'maxElements', value: DEFAULT_XAML_LIMITS.maxElements })
    // Refused at the element one past the limit (the root is the first), a tenth into the file.
    expect(error.column).toBe(src.indexOf('<a/>') + 4 * (DEFAULT_XAML_LIMITS.maxElements - 1) + 1)
    expect(cpuMs).toBeLessThan(1000) // ~0.3 s; CPU time, as wall time on shared cores says little
  })
  it('refuses a 5 MiB attribute value without building a model', () => {
    const { error, cpuMs } = refusalOf(wf(`<Sequence DisplayName="${'D'.repeat(5 * 1024 * 1024)}" />`))
    expect(error.code).toBe('XAML_TOO_LARGE')
    expect(error.limit).toEqual({
      name: 'maxAttributeValueBytes',
      value: DEFAULT_XAML_LIMITS.maxAttributeValueBytes,
    })
    expect(cpuMs).toBeLessThan(1000)
  })
  it('refuses 49,000 activities under 500 wrappers at the activity-link limit', () => {
    const wrappers = 500
    const src = wf(
      `${'<InArgument>'.repeat(wrappers)}${'<Delay/>'.repeat(49_000)}${'</InArgument>'.repeat(wrappers)}`,
    )
    const { error, cpuMs } = refusalOf(src)
    expect(error.code).toBe('XAML_TOO_COMPLEX')
    expect(error.limit).toEqual({ name: 'maxActivityLinks', value: DEFAULT_XAML_LIMITS.maxActivityLinks })
    expect(cpuMs).toBeLessThan(1000) // unbounded, 99,000 of them took 1 GB and ~30 s
  })
  it('does not count indentation between children as text', () => {
    const children = '\n        <Delay />'.repeat(2000)
    const m = parseXaml(wf(`<Sequence>${children}\n</Sequence>`), 'a.xaml', { maxTextBytes: 64 })
    expect(m.nodes.length).toBe(2002)
    expect(errorOf(wf(`<Sequence>x${children}</Sequence>`), { maxTextBytes: 64 }).limit?.name).toBe(
      'maxTextBytes',
    )
  })
  it('reports malformed XML with line and column', () => {
    const e = expectCode(wf('<Sequence>\n  <Delay>\n</Sequence>'), 'XAML_PARSE_ERROR')
    expect(e.line).toBe(4)
    expect(e.column).toBeGreaterThan(0)
  })
  it('reports truncated files, non-XML and empty input', () => {
    const full = readCorpusOrSnippet()
    expectCode(full.slice(0, Math.floor(full.length / 2)), 'XAML_PARSE_ERROR')
    expectCode('hello, world', 'XAML_PARSE_ERROR')
    expectCode('{"json": true}', 'XAML_PARSE_ERROR')
    const empty = expectCode('', 'XAML_PARSE_ERROR')
    expect(empty.line).toBe(1)
    expectCode(new Uint8Array(0), 'XAML_PARSE_ERROR')
    expectCode('   \n  ', 'XAML_PARSE_ERROR')
    expectCode('<Activity xmlns="u"><a:b/></Activity>', 'XAML_NOT_WORKFLOW')
  })
  it('rejects well-formed XML that is not a workflow', () => {
    const e = expectCode('<?xml version="1.0"?>\n<html><body /></html>', 'XAML_NOT_WORKFLOW')
    expect([e.line, e.column]).toEqual([2, 1])
    expectCode('<Activity xmlns="http://example.com" />', 'XAML_NOT_WORKFLOW')
  })
  it('rejects undefined entities and unbound prefixes as parse errors', () => {
    expectCode(wf('<Sequence DisplayName="&foo;" />'), 'XAML_PARSE_ERROR')
    expectCode(wf('<zz:Sequence />'), 'XAML_PARSE_ERROR')
  })
  it('resolves namespaces as strictly as saxes xmlns mode (the reader resolves them itself)', () => {
    const refused: [string, string][] = [
      ['<Sequence zz:a="1" />', 'unbound namespace prefix: "zz".'],
      ['<Sequence xmlns:q="urn:q" />\n<q:A />', 'unbound namespace prefix: "q".'],
      [
        '<Sequence xmlns:y="http://schemas.microsoft.com/winfx/2006/xaml" x:a="1" y:a="2" />',
        'duplicate attribute: {http://schemas.microsoft.com/winfx/2006/xaml}a.',
      ],
      ['<Sequence :a="1" />', 'malformed name: :a.'],
      ['<Sequence a:="1" />', 'malformed name: a:.'],
      ['<a:b:c />', 'malformed name: a:b:c.'],
      ['<xmlns:c />', 'tags may not have "xmlns" as prefix.'],
      ['<Sequence xmlns:q="" />', 'invalid attempt to undefine prefix in XML 1.0'],
      ['<Sequence xmlns:xml="urn:q" />', 'xml prefix must be bound to http://www.w3.org/XML/1998/namespace.'],
      [
        '<Sequence xmlns:q="http://www.w3.org/2000/xmlns/" />',
        'may not assign a prefix (even "xmlns") to the URI http://www.w3.org/2000/xmlns/.',
      ],
      [
        '<Sequence xmlns="http://www.w3.org/XML/1998/namespace" />',
        'the default namespace may not be set to http://www.w3.org/XML/1998/namespace.',
      ],
      ['<?a:b c?>', 'disallowed character in processing instruction name.'],
    ]
    for (const [body, message] of refused) {
      const e = expectCode(wf(body), 'XAML_PARSE_ERROR')
      expect(e.message, body).toContain(message)
    }
    // A prefix declared below the root is in force inside that element only, and may rebind one.
    const m = parseXaml(
      wf('<Sequence xmlns:q="urn:q" xmlns:ui="urn:other"><q:A q:b="1" /><ui:A /></Sequence><ui:A />'),
      's.xaml',
    )
    expect(m.nodes.map((n) => n.namespaceUri).slice(-3)).toEqual([
      'urn:q',
      'urn:other',
      'http://schemas.uipath.com/workflow/activities',
    ])
    expect(m.nodes.at(-3)?.attributes.get('b')).toMatchObject({ namespaceUri: 'urn:q', value: '1' })
    expect(
      parseXaml(wf('<Sequence xml:space="preserve" xmlnsFoo="1" />'), 'x.xaml').rootActivity?.attributes.get(
        'space',
      )?.namespaceUri,
    ).toBe('http://www.w3.org/XML/1998/namespace')
  })
  it('rejects non-string, non-bytes input with an XamlError', () => {
    expectCode(42 as unknown as string, 'XAML_ENCODING_ERROR')
  })
})

const corpus = findCorpus()
const corpusFiles = corpus === undefined ? [] : listXaml(corpus)

function readCorpusOrSnippet(): string {
  const f = corpusFiles[0]
  return f === undefined ? wf('<Sequence><Delay /></Sequence>') : readFileSync(f, 'utf8')
}

function onlyXamlErrors(input: Uint8Array | string): boolean {
  try {
    parseXaml(input, 'p.xaml')
    return true
  } catch (e) {
    return e instanceof XamlError && XAML_ERROR_CODES.includes(e.code)
  }
}

describe('parseXaml: properties', () => {
  it('arbitrary strings and bytes give a model or an XamlError', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), onlyXamlErrors), { numRuns: 400 })
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), onlyXamlErrors), { numRuns: 400 })
    const xmlish = fc
      .array(
        fc.constantFrom(
          '<',
          '>',
          '/',
          '"',
          '=',
          '&',
          ';',
          '[',
          ']',
          '{',
          '}',
          ' ',
          '\n',
          'a',
          ':',
          '.',
          '!',
          '?',
          '<Activity ',
          NS_DECLS,
          '<Sequence',
          '</Sequence>',
          '<x:Reference>',
          '<!DOCTYPE',
          '<![CDATA[',
          ']]>',
          '&#0;',
          '&lt;',
        ),
        { maxLength: 60 },
      )
      .map((parts) => parts.join(''))
    fc.assert(fc.property(xmlish, onlyXamlErrors), { numRuns: 400 })
  })

  it.skipIf(corpusFiles.length === 0)('mutated corpus files give a model or an XamlError', () => {
    const sources = corpusFiles.slice(0, 12).map((f) => readFileSync(f))
    const mutation = fc.record({
      file: fc.nat({ max: sources.length - 1 }),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      len: fc.nat({ max: 40 }),
      insert: fc.uint8Array({ maxLength: 12 }),
      op: fc.constantFrom('replace', 'delete', 'truncate', 'insert'),
    })
    fc.assert(
      fc.property(mutation, ({ file, at, len, insert, op }) => {
        const src = sources[file] as Uint8Array
        const i = Math.floor(at * src.length)
        let out: Uint8Array
        if (op === 'truncate') out = src.subarray(0, i)
        else if (op === 'delete') out = new Uint8Array([...src.subarray(0, i), ...src.subarray(i + len)])
        else if (op === 'insert') out = new Uint8Array([...src.subarray(0, i), ...insert, ...src.subarray(i)])
        else out = new Uint8Array([...src.subarray(0, i), ...insert, ...src.subarray(i + insert.length)])
        return onlyXamlErrors(out)
      }),
      { numRuns: 150 },
    )
  })
})

describe('parseXaml: lean designer subtrees (view state, import lists)', () => {
  const viewState = (inner: string) =>
    `<sap:WorkflowViewStateService.ViewState>\n<scg:Dictionary x:TypeArguments="x:String, x:Object">\n${inner}\n</scg:Dictionary>\n</sap:WorkflowViewStateService.ViewState>`
  const plain = viewState('<x:Boolean x:Key="IsExpanded">True</x:Boolean>')

  it('builds no node for a plain view state, keeps its type references, IdRef and the activity', () => {
    const model = parseXaml(
      wf(
        `<Sequence DisplayName="S" sap2010:WorkflowViewState.IdRef="Sequence_1">\n${plain}\n<Delay /></Sequence>`,
      ),
      'a.xaml',
    )
    expect(model.nodes.map((n) => n.type)).toEqual(['Activity', 'Sequence', 'Delay'])
    expect(model.nodes[1]?.attributes.get('WorkflowViewState.IdRef')?.value).toBe('Sequence_1')
    expect(model.typeReferences.map((t) => t.localName)).toEqual(expect.arrayContaining(['String', 'Object']))
  })

  it('still counts every element, attribute and text byte inside toward the limits', () => {
    const source = wf(
      `<Sequence>\n${viewState('<x:Boolean x:Key="IsExpanded">True</x:Boolean>\n<x:Boolean x:Key="IsPinned">False</x:Boolean>')}\n</Sequence>`,
    )
    // Activity, Sequence, the property element, Dictionary, two Booleans: 6 elements, 5 deep.
    expect(errorOf(source, { maxElements: 5 }).code).toBe('XAML_TOO_LARGE')
    expect(errorOf(source, { maxElements: 5 }).line).toBe(6)
    expect(errorOf(source, { maxDepth: 4 }).line).toBe(5)
    expect(errorOf(source, { maxTextBytes: 4 }).limit?.name).toBe('maxTextBytes')
    const attributes = source.match(/ [\w:]+="/g)?.length ?? 0 // the root's declarations included
    expect(errorOf(source, { maxAttributes: attributes - 1 }).limit?.name).toBe('maxAttributes')
    expect(parseXaml(source, 'ok.xaml', { maxElements: 6, maxDepth: 5, maxTextBytes: 5 }).nodes).toHaveLength(
      2,
    )
  })

  it('refuses malformed XML and unbound prefixes inside them as before', () => {
    expectCode(
      wf(`<Sequence>${viewState('<x:Boolean x:Key="a">True</x:Bool>')}</Sequence>`),
      'XAML_PARSE_ERROR',
    )
    expectCode(wf(`<Sequence>${viewState('<zz:Boolean />')}</Sequence>`), 'XAML_PARSE_ERROR')
    expectCode(wf(`<Sequence>${viewState('<x:Boolean zz:a="1" />')}</Sequence>`), 'XAML_PARSE_ERROR')
    expectCode(wf(`<Sequence>${viewState('<x:Boolean a="1" a="2" />')}</Sequence>`), 'XAML_PARSE_ERROR')
  })

  it('reads the file in full when such a subtree holds something a rule reads', () => {
    const hidden = [
      '<ui:LogMessage Message="[secret]" />', // an activity
      '<scg:List x:TypeArguments="x:String" Capacity="[n]" />', // an expression
      '<x:Boolean x:Name="__ReferenceID9" />', // a name an x:Reference may point at
      '<x:Boolean sap2010:Annotation.AnnotationText="note" />',
      '<InArgument x:TypeArguments="x:String">[a]</InArgument>', // an argument
    ]
    for (const inner of hidden) {
      const source = wf(`<Sequence>\n${viewState(inner)}\n</Sequence>`)
      const model = parseXaml(source, 'a.xaml')
      expect(model.nodes.length, inner).toBe(4) // Activity, Sequence, Dictionary and it (a lean read: 2)
    }
    const withActivity = parseXaml(
      wf(`<Sequence>\n${viewState('<ui:LogMessage Message="[secret]" />')}\n</Sequence>`),
      'a.xaml',
    )
    expect(withActivity.activities.map((a) => a.type)).toContain('ui:LogMessage')
    expect(withActivity.expressions.map((e) => e.text)).toEqual(['secret'])
    // Text in the property element itself would be a value of its owner (import lists are not designer-only).
    const text = parseXaml(
      wf(
        '<Sequence><TextExpression.NamespacesForImplementation>[x]</TextExpression.NamespacesForImplementation></Sequence>',
      ),
      'a.xaml',
    )
    expect(text.expressions.map((e) => e.text)).toEqual(['x'])
  })
})
