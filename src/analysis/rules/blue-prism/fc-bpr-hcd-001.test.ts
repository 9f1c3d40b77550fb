import { describe, it } from 'vitest'
import { expectBluePrismFindings, processXml } from '../../blue-prism/blue-prism-test-kit.js'
import { credentialValueInWorkflowRule as rule } from './fc-bpr-hcd-001.js'

describe('FC-BPR-HCD-001 credential-value-in-workflow', () => {
  it('reports a text item named like a secret with a value, and a calculation storing a literal into one', () => {
    expectBluePrismFindings(
      rule,
      processXml(`<stage stageid="a" name="API Key" type="Data"><datatype>text</datatype><initialvalue>abc123</initialvalue></stage>
<stage stageid="b" name="Client Secret" type="Data"><datatype>text</datatype></stage>
<stage stageid="c" name="Set secret" type="Calculation"><calculation expression="&quot;s3cr3t&quot;" stage="Client Secret" /></stage>
<stage stageid="d" name="Copy secret" type="Calculation"><calculation expression="[Vault Value]" stage="Client Secret" /></stage>`),
      [
        { line: 2, activity: 'API Key', message: 'Initial value ••••••.' },
        { line: 4, activity: 'Set secret', message: 'Stores •••••• in [Client Secret].' },
      ],
    )
  })

  it('leaves names that only describe a secret, and empty values, alone', () => {
    expectBluePrismFindings(
      rule,
      processXml(`<stage stageid="a" name="Credential Name" type="Data"><datatype>text</datatype><initialvalue>Alibaba Cloud</initialvalue></stage>
<stage stageid="b" name="Token URL" type="Data"><datatype>text</datatype><initialvalue>https://login.example.com/token</initialvalue></stage>
<stage stageid="c" name="accessKeyId" type="Data"><datatype>text</datatype><initialvalue>LTAI4</initialvalue></stage>
<stage stageid="d" name="Password" type="Data"><datatype>text</datatype></stage>`),
      [],
    )
  })
})
