import { describe, it } from 'vitest'
import { expectBluePrismFindings, processXml } from '../../blue-prism/blue-prism-test-kit.js'
import { dynamicCodeStageRule as rule } from './fc-bpr-sec-002.js'

const code = (id: string, text: string) =>
  `<stage stageid="${id}" name="Code ${id}" type="Code"><code><![CDATA[${text}]]></code></stage>`

describe('FC-BPR-SEC-002 dynamic-code-stage', () => {
  it('reports Code stages that start programs, compile, load, or create objects by a computed name', () => {
    expectBluePrismFindings(
      rule,
      processXml(
        [
          code('a', 'System.Diagnostics.Process.Start(Command, Arguments);'),
          code('b', 'var provider = new CSharpCodeProvider();'),
          code('c', 'Dim o = CreateObject(ProgId)'),
          code('d', 'var asm = Assembly.LoadFrom(path); var t = asm.GetType(name);'),
        ].join('\n'),
      ),
      [
        { line: 2, activity: 'Code a', message: 'The code starts a program (Process.Start/Shell).' },
        { line: 3, message: 'The code compiles code at run time.' },
        { line: 4, message: 'The code creates objects by a name computed at run time.' },
        { line: 5, message: 'The code loads an assembly at run time.' },
      ],
    )
  })

  it('leaves ordinary code and objects created by a fixed name alone', () => {
    expectBluePrismFindings(
      rule,
      processXml(
        [
          code('a', 'Result = System.IO.File.ReadAllText(Path)'),
          code('b', 'Dim app = CreateObject("Sapgui.ScriptingCtrl.1")'),
          code('c', 'Set engine = GetObject("SAPGUI").GetScriptingEngine'),
        ].join('\n'),
      ),
      [],
    )
  })
})
