import { describe, it } from 'vitest'
import { describeCorpusFindings, expectFindings } from '../rule-test-kit.js'
import { passwordFromRandomRule as rule } from './fc-uip-sec-007.js'

const id = 'FC-UIP-SEC-007'

describe(`${id} password-from-random`, () => {
  it('reports a password assigned from New Random, a Random variable or Rnd (VB)', () => {
    expectFindings(
      rule,
      `
<Sequence DisplayName="Create user">
  <Sequence.Variables>
    <Variable x:TypeArguments="s:Random" Name="rng" />
    <Variable x:TypeArguments="x:String" Name="newPassword" />
    <Variable x:TypeArguments="x:String" Name="pinCode" Default="[CStr(CInt(Rnd() * 9999))]" />
  </Sequence.Variables>
  <Assign DisplayName="Generate password">
    <Assign.To><OutArgument x:TypeArguments="x:String">[newPassword]</OutArgument></Assign.To>
    <Assign.Value><InArgument x:TypeArguments="x:String">[New Random().Next(100000, 999999).ToString]</InArgument></Assign.Value>
  </Assign>
  <Assign>
    <Assign.To><OutArgument x:TypeArguments="x:String">[newPassword]</OutArgument></Assign.To>
    <Assign.Value><InArgument x:TypeArguments="x:String">[newPassword &amp; chars(rng.Next(chars.Length))]</InArgument></Assign.Value>
  </Assign>
</Sequence>`,
      [
        {
          ruleId: id,
          line: 5,
          activity: 'Create user',
          message: '"pinCode" defaults to a value from System.Random.',
        },
        {
          ruleId: id,
          line: 7,
          column: 3,
          activity: 'Generate password',
          message: '"newPassword" is assigned a value from System.Random.',
        },
        { ruleId: id, line: 11 },
      ],
    )
  })

  it('reports C# new Random() assigned to a token', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <Assign>
    <Assign.To><OutArgument x:TypeArguments="x:String"><mca:CSharpReference x:TypeArguments="x:String">apiToken</mca:CSharpReference></OutArgument></Assign.To>
    <Assign.Value><InArgument x:TypeArguments="x:String"><mca:CSharpValue x:TypeArguments="x:String">new Random().Next().ToString("X8")</mca:CSharpValue></InArgument></Assign.Value>
  </Assign>
</Sequence>`,
      [{ ruleId: id, line: 2, message: '"apiToken" is assigned a value from System.Random.' }],
    )
  })

  it('accepts random values for non-secrets, secrets from a cryptographic generator, and metadata names', () => {
    expectFindings(
      rule,
      `
<Sequence>
  <Assign>
    <Assign.To><OutArgument x:TypeArguments="x:Int32">[waitMs]</OutArgument></Assign.To>
    <Assign.Value><InArgument x:TypeArguments="x:Int32">[New Random().Next(500, 1500)]</InArgument></Assign.Value>
  </Assign>
  <Assign>
    <Assign.To><OutArgument x:TypeArguments="x:String">[newPassword]</OutArgument></Assign.To>
    <Assign.Value><InArgument x:TypeArguments="x:String">[Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))]</InArgument></Assign.Value>
  </Assign>
  <Assign>
    <Assign.To><OutArgument x:TypeArguments="x:Int32">[passwordLength]</OutArgument></Assign.To>
    <Assign.Value><InArgument x:TypeArguments="x:Int32">[New Random().Next(12, 16)]</InArgument></Assign.Value>
  </Assign>
</Sequence>`,
      [],
    )
  })

  // No workflow of the corpus generates a secret (its few Random uses are delays and test data).
  describeCorpusFindings(rule, 'corpus', {})
})
