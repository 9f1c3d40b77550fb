import { describe, expect, it } from 'vitest'
import { callsIn, parseExpression, parseTemplate, templateExpressions } from './workflow-expression.js'

describe('the workflow definition language', () => {
  it('parses calls, nested calls, literals and property access into an AST', () => {
    expect(parseExpression("body('Get_item')?['value'][0].id")).toMatchObject({
      kind: 'member',
      property: { kind: 'string', value: 'id' },
      optional: false,
      target: {
        kind: 'member',
        property: { kind: 'number', value: 0 },
        target: {
          kind: 'member',
          optional: true,
          property: { kind: 'string', value: 'value' },
          target: { kind: 'call', name: 'body', args: [{ kind: 'string', value: 'Get_item' }] },
        },
      },
    })
    expect(parseExpression("equals(toLower( variables('x') ), 'it''s', true, null, -1.5)")).toMatchObject({
      kind: 'call',
      name: 'equals',
      args: [
        { kind: 'call', name: 'toLower', args: [{ kind: 'call', name: 'variables' }] },
        { kind: 'string', value: "it's" },
        { kind: 'boolean', value: true },
        { kind: 'null' },
        { kind: 'number', value: -1.5 },
      ],
    })
    expect(parseExpression('triggerBody()?.text')).toMatchObject({
      kind: 'member',
      optional: true,
      property: { value: 'text' },
    })
  })

  it('tells literals, expressions and interpolations apart', () => {
    expect(parseTemplate('plain text with a@b.com').kind).toBe('literal')
    expect(parseTemplate('@@not an expression').kind).toBe('literal')
    expect(parseTemplate("@parameters('$connections')").kind).toBe('expression')
    const interpolated = parseTemplate(
      "https://x/@{variables('id')}/items?a=@{concat('}', '{')}&mail=me@x.org and @@{no}",
    )
    expect(interpolated.kind).toBe('interpolated')
    expect(
      interpolated.segments.map((s) =>
        s.kind === 'text' ? s.text : s.kind === 'expression' ? `{${s.source}}` : 'ERR',
      ),
    ).toEqual([
      'https://x/',
      "{variables('id')}",
      '/items?a=',
      "{concat('}', '{')}",
      '&mail=me@x.org and @{no}',
    ])
  })

  it('finds calls by name, never inside string literals', () => {
    const template = parseTemplate("@{body('A')} @{concat('body(''B'')', outputs('C'))}")
    expect(callsIn(template, new Set(['body', 'outputs'])).map((call) => call.name)).toEqual([
      'body',
      'outputs',
    ])
    expect(templateExpressions(parseTemplate('no expressions'))).toEqual([])
  })

  it('keeps an expression that does not parse as an error segment instead of throwing', () => {
    for (const text of ["@concat('a'", '@{body(}', '@foo bar', '@{', "@'unterminated"]) {
      const template = parseTemplate(text)
      expect(template.segments.some((segment) => segment.kind === 'error')).toBe(true)
    }
    expect(() => parseExpression(`${'f('.repeat(300)}${')'.repeat(300)}`)).toThrow(/deeper than 256/)
  })
})
