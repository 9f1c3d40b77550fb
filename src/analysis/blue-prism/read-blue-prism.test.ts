/**
 * The Blue Prism reader: the model it builds (pages, stages, links, data items, calls, code,
 * releases' environment variables and credentials), and hostile input — DTDs and entities, huge
 * strings, deep nesting, too many elements, bad bytes, XML that is no export — each refused with
 * its typed error, position and limit, before it costs more than the limit.
 */
import { describe, expect, it } from 'vitest'
import { BluePrismError } from './blue-prism-error.js'
import { DEFAULT_BLUE_PRISM_LIMITS } from './blue-prism-limits.js'
import { processXml, releaseXml } from './blue-prism-test-kit.js'
import { readBluePrismFile } from './read-blue-prism.js'

function refusal(input: string | Uint8Array, limits = DEFAULT_BLUE_PRISM_LIMITS): BluePrismError {
  try {
    readBluePrismFile(input, 'Hostile.xml', limits)
  } catch (error) {
    if (error instanceof BluePrismError) return error
    throw error
  }
  throw new Error('not refused')
}

describe('readBluePrismFile', () => {
  it('reads pages, stages with links, data items, calls, exceptions and code', () => {
    const model = readBluePrismFile(
      processXml(`<subsheet subsheetid="p1" type="Normal" published="True"><name>Work</name></subsheet>
<stage stageid="s" name="Start" type="Start"><onsuccess>a</onsuccess></stage>
<stage stageid="a" name="Open" type="Action"><subsheetid>p1</subsheetid><inputs><input type="text" name="Url" expr="[Url]" /></inputs><onsuccess>d</onsuccess><resource object="Browser" action="Open" /></stage>
<stage stageid="d" name="Ok?" type="Decision"><decision expression="[Ok]" /><ontrue>e</ontrue><onfalse>x</onfalse></stage>
<stage stageid="x" name="Fail" type="Exception"><exception type="System Exception" detail="&quot;No&quot;" /></stage>
<stage stageid="u" name="Url" type="Data"><datatype>text</datatype><initialvalue xml:space="preserve">https://a.example</initialvalue><exposure>Session</exposure><private /></stage>
<stage stageid="c" name="Code" type="Code"><code><![CDATA[x = 1 < 2]]></code></stage>`),
      'P.xml',
    )
    const [workflow] = model.workflows
    expect(workflow).toMatchObject({ kind: 'process', name: 'Test Process', bpversion: '6.10.1', line: 1 })
    expect(workflow?.pages.map((page) => [page.id, page.name, page.published])).toEqual([
      [null, 'Main Page', false],
      ['p1', 'Work', true],
    ])
    const byName = new Map(workflow?.stages.map((stage) => [stage.name, stage]))
    expect(byName.get('Open')).toMatchObject({
      line: 4,
      column: 1,
      pageId: 'p1',
      resource: { object: 'Browser', action: 'Open' },
      inputs: [{ name: 'Url', expression: '[Url]' }],
      links: [{ kind: 'onsuccess', target: 'd' }],
    })
    expect(byName.get('Ok?')?.links).toEqual([
      { kind: 'ontrue', target: 'e' },
      { kind: 'onfalse', target: 'x' },
    ])
    expect(byName.get('Fail')?.exception).toEqual({
      type: 'System Exception',
      detail: '"No"',
      useCurrent: false,
    })
    expect(byName.get('Url')?.data).toEqual({
      dataType: 'text',
      initialValue: 'https://a.example',
      exposure: 'Session',
      isPrivate: true,
    })
    expect(byName.get('Code')?.code).toEqual({ text: 'x = 1 < 2', line: 8 })
  })

  it('reads a release: its processes and objects, environment variables and credentials', () => {
    const model = readBluePrismFile(
      releaseXml(`<environment-variable name="Host" type="text" value="" xmlns="http://www.blueprism.co.uk/product/environment-variable" />
<credential id="c1" name="Login" xmlns="http://www.blueprism.co.uk/product/credential" />
<object id="o1" name="Obj" xmlns="http://www.blueprism.co.uk/product/object"><process name="Obj" bpversion="6.4" type="object"></process></object>`),
      'R.bprelease',
    )
    expect(model.releases).toEqual([
      expect.objectContaining({
        name: 'Test Release',
        environmentVariables: [expect.objectContaining({ name: 'Host', type: 'text', line: 3 })],
        credentials: [expect.objectContaining({ name: 'Login', line: 4 })],
      }),
    ])
    expect(model.workflows).toEqual([
      expect.objectContaining({ kind: 'object', id: 'o1', name: 'Obj', line: 5 }),
    ])
  })

  it('refuses a DOCTYPE and any entity it would declare (no XXE, no billion laughs)', () => {
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE process [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<process name="&xxe;" bpversion="6"></process>`
    expect(refusal(xxe)).toMatchObject({ code: 'BLUE_PRISM_DTD_FORBIDDEN' })
    const laughs = `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><process bpversion="6">&lol2;</process>`
    expect(refusal(laughs)).toMatchObject({ code: 'BLUE_PRISM_DTD_FORBIDDEN' })
    // An undeclared entity is a parse error, never an expansion.
    expect(refusal('<process bpversion="6" name="&secret;"></process>')).toMatchObject({
      code: 'BLUE_PRISM_PARSE_ERROR',
    })
  })

  it('refuses huge strings, deep nesting and too many elements at the limit, with where and which limit', () => {
    const limits = {
      ...DEFAULT_BLUE_PRISM_LIMITS,
      maxAttributeValueChars: 1000,
      maxTextChars: 1000,
      maxElements: 50,
    }
    expect(refusal(`<process bpversion="6" name="${'x'.repeat(1001)}"></process>`, limits)).toMatchObject({
      code: 'BLUE_PRISM_TOO_LARGE',
      position: { limit: { name: 'maxAttributeValueChars', value: 1000 }, line: 1 },
    })
    expect(
      refusal(`<process bpversion="6">\n<stage>${'y'.repeat(1001)}</stage></process>`, limits),
    ).toMatchObject({
      code: 'BLUE_PRISM_TOO_LARGE',
      position: { limit: { name: 'maxTextChars', value: 1000 } },
    })
    expect(refusal(`<process bpversion="6">${'<stage/>'.repeat(60)}</process>`, limits)).toMatchObject({
      code: 'BLUE_PRISM_TOO_LARGE',
      position: { limit: { name: 'maxElements', value: 50 } },
    })
    const deep = `<process bpversion="6">${'<a>'.repeat(300)}${'</a>'.repeat(300)}</process>`
    expect(refusal(deep)).toMatchObject({
      code: 'BLUE_PRISM_TOO_DEEP',
      position: { limit: { name: 'maxDepth', value: DEFAULT_BLUE_PRISM_LIMITS.maxDepth } },
    })
    const big = new Uint8Array(DEFAULT_BLUE_PRISM_LIMITS.maxBytes + 1).fill(0x20)
    expect(refusal(big)).toMatchObject({
      code: 'BLUE_PRISM_TOO_LARGE',
      position: { limit: { name: 'maxBytes', value: DEFAULT_BLUE_PRISM_LIMITS.maxBytes } },
    })
  })

  it('an element bomb within the byte limit is refused at the element limit (the tree never grows past it)', () => {
    const bomb = `<process bpversion="6">${'<s/>'.repeat(DEFAULT_BLUE_PRISM_LIMITS.maxElements + 10)}</process>`
    expect(bomb.length).toBeLessThan(DEFAULT_BLUE_PRISM_LIMITS.maxBytes)
    expect(refusal(bomb)).toMatchObject({
      code: 'BLUE_PRISM_TOO_LARGE',
      position: { limit: { name: 'maxElements', value: DEFAULT_BLUE_PRISM_LIMITS.maxElements } },
    })
  })

  it('refuses bad bytes, broken XML and XML that is no export, with a position', () => {
    expect(refusal(new Uint8Array([0x3c, 0x70, 0xff, 0xfe, 0x80]))).toMatchObject({
      code: 'BLUE_PRISM_PARSE_ERROR',
    })
    expect(refusal('<process bpversion="6">\n  <stage>\n</process>')).toMatchObject({
      code: 'BLUE_PRISM_PARSE_ERROR',
      position: { line: 3 },
    })
    expect(refusal('')).toMatchObject({ code: 'BLUE_PRISM_PARSE_ERROR' })
    expect(refusal('<project><name>x</name></project>')).toMatchObject({
      code: 'BLUE_PRISM_NOT_EXPORT',
      position: { line: 1, column: 1 },
    })
    // A process without bpversion is some other product's <process>.
    expect(refusal('<process name="x"></process>')).toMatchObject({ code: 'BLUE_PRISM_NOT_EXPORT' })
  })
})
