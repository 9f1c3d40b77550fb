import { describe, it } from 'vitest'
import { corpusFiles, describeNothingInCorpus, expectFindings } from '../rule-test-kit.js'
import { passwordTypedAsPlainTextRule as rule } from './fc-uip-sec-001.js'

const id = 'FC-UIP-SEC-001'

describe(`${id} password-typed-as-plain-text`, () => {
  it('reports a classic Type Into whose target is type=password or named like a password', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Login">
  <ui:TypeInto DisplayName="Type password" Text="[strPassword]">
    <ui:TypeInto.Target>
      <ui:Target Selector="&lt;webctrl tag='INPUT' type='password' /&gt;" />
    </ui:TypeInto.Target>
  </ui:TypeInto>
  <ui:TypeInto Text="hunter2">
    <ui:TypeInto.Target>
      <ui:Target Selector="&lt;wnd app='legacy.exe' /&gt;&lt;ctrl name='txtPwd' role='editable text' /&gt;" />
    </ui:TypeInto.Target>
  </ui:TypeInto>
</Sequence>`,
      [
        {
          ruleId: id,
          line: 2,
          column: 3,
          activity: 'Type password',
          message: 'ui:TypeInto types its Text property into a password field.',
        },
        { ruleId: id, line: 7, column: 3, activity: 'ui:TypeInto' },
      ],
    )
  })

  it('reports a modern Type Into (uix:NTypeInto) that sends Text to a password field', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <uix:NTypeInto DisplayName="Type Into 'Password'" Text="[in_Password]">
    <uix:NTypeInto.Target>
      <uix:TargetAnchorable FullSelectorArgument="&lt;webctrl id='login-pwd' tag='INPUT' /&gt;" FuzzySelectorArgument="&lt;webctrl id='login-pwd' /&gt;" />
    </uix:NTypeInto.Target>
  </uix:NTypeInto>
</Sequence>`,
      [{ ruleId: id, line: 2, column: 3, activity: "Type Into 'Password'" }],
    )
  })

  it('accepts Type Secure Text, SecureText on the modern activity, and Type Into on other fields', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <ui:TypeSecureText SecureText="[securePassword]">
    <ui:TypeSecureText.Target>
      <ui:Target Selector="&lt;webctrl tag='INPUT' type='password' /&gt;" />
    </ui:TypeSecureText.Target>
  </ui:TypeSecureText>
  <uix:NTypeInto Text="{x:Null}" SecureText="[securePassword]">
    <uix:NTypeInto.Target>
      <uix:TargetAnchorable FullSelectorArgument="&lt;webctrl type='password' /&gt;" />
    </uix:NTypeInto.Target>
  </uix:NTypeInto>
  <ui:TypeInto DisplayName="Type user name" Text="[in_UserName]">
    <ui:TypeInto.Target>
      <ui:Target Selector="&lt;webctrl tag='INPUT' name='username' /&gt;" />
    </ui:TypeInto.Target>
  </ui:TypeInto>
  <ui:TypeInto DisplayName="Type search" Text="password reset">
    <ui:TypeInto.Target>
      <ui:Target Selector="&lt;webctrl tag='INPUT' type='search' /&gt;" />
    </ui:TypeInto.Target>
  </ui:TypeInto>
</Sequence>`,
      [],
    )
  })

  it('option passwordSelectorPattern changes what counts as a password field', () => {
    const snippet = `
<ui:TypeInto Text="[pin]">
  <ui:TypeInto.Target>
    <ui:Target Selector="&lt;webctrl name='pinCode' /&gt;" />
  </ui:TypeInto.Target>
</ui:TypeInto>`
    expectFindings(rule, snippet, [])
    expectFindings(rule, snippet, [{ ruleId: id, line: 1 }], {
      options: { passwordSelectorPattern: "name='pin" },
    })
  })

  // Mirrors UX-DBP-029: the REFramework that passes UiPath's Workflow Analyzer must give nothing.
  describeNothingInCorpus(
    rule,
    'corpus: ReFramework_WorkflowAnalyzer (passes UiPath Workflow Analyzer)',
    corpusFiles('k2zinger-uipath-snippets/ReFramework_WorkflowAnalyzer'),
  )
})
