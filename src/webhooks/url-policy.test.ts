import { describe, expect, it } from 'vitest'
import { AppError } from '../domain/errors/app-error.js'
import { checkWebhookUrl, type HostResolver, STRICT_WEBHOOK_URL_POLICY, unmapIpv4 } from './url-policy.js'

const loopbackAllowed = { allowHttp: false, allowCidrs: ['127.0.0.0/8', '::1/128'] }
const resolver: HostResolver = async (host) => {
  if (host === 'localhost') return ['127.0.0.1', '::1']
  if (host === 'mixed.test') return ['127.0.0.1', '203.0.113.7']
  throw new Error('ENOTFOUND')
}

async function reason(url: string, policy = STRICT_WEBHOOK_URL_POLICY): Promise<string> {
  try {
    await checkWebhookUrl(url, policy, resolver)
  } catch (error) {
    if (error instanceof AppError && error.code === 'INVALID_WEBHOOK_URL') return error.message
    throw error
  }
  throw new Error(`accepted ${url}`)
}

describe('webhook URL policy', () => {
  it('accepts https and stores the normalised spelling', async () => {
    expect(await checkWebhookUrl('https://Hooks.Example.com/a?b=1', STRICT_WEBHOOK_URL_POLICY)).toBe(
      'https://hooks.example.com/a?b=1',
    )
  })

  it.each([
    ['not a url', 'absolute'],
    ['/relative/path', 'absolute'],
    ['ftp://example.com/x', 'https'],
    ['javascript:alert(1)', 'https'],
    ['file:///etc/passwd', 'https'],
    ['https://user:pass@example.com/', 'user name or password'],
    ['https://user@example.com/', 'user name or password'],
    ['http://example.com/', 'FLOWCERTA_WEBHOOK_ALLOW_CIDRS'],
  ])('refuses %s', async (url, expected) => {
    expect(await reason(url)).toContain(expected)
  })

  it('plain http: only for hosts whose every address is inside the allowed ranges', async () => {
    expect(await checkWebhookUrl('http://127.0.0.1:9000/hook', loopbackAllowed, resolver)).toBe(
      'http://127.0.0.1:9000/hook',
    )
    expect(await checkWebhookUrl('http://[::1]:9000/', loopbackAllowed, resolver)).toBe('http://[::1]:9000/')
    expect(await checkWebhookUrl('http://localhost:9000/', loopbackAllowed, resolver)).toBe(
      'http://localhost:9000/',
    )
    // Other spellings of loopback are normalised by the URL parser first.
    expect(await checkWebhookUrl('http://0x7f.1/', loopbackAllowed, resolver)).toBe('http://127.0.0.1/')
    expect(await checkWebhookUrl('http://2130706433/', loopbackAllowed, resolver)).toBe('http://127.0.0.1/')
    expect(await checkWebhookUrl('http://[::ffff:127.0.0.1]/', loopbackAllowed, resolver)).toBe(
      'http://[::ffff:7f00:1]/',
    )
    expect(await reason('http://127.0.0.1/')).toContain('FLOWCERTA_WEBHOOK_ALLOW_CIDRS')
    expect(await reason('http://10.0.0.1/', loopbackAllowed)).toContain('FLOWCERTA_WEBHOOK_ALLOW_CIDRS')
    expect(await reason('http://mixed.test/', loopbackAllowed)).toContain('FLOWCERTA_WEBHOOK_ALLOW_CIDRS')
    expect(await reason('http://unknown.test/', loopbackAllowed)).toContain('FLOWCERTA_WEBHOOK_ALLOW_CIDRS')
  })

  it('FLOWCERTA_WEBHOOK_ALLOW_HTTP=true accepts plain http anywhere (but still no credentials)', async () => {
    const policy = { allowHttp: true, allowCidrs: [] }
    expect(await checkWebhookUrl('http://example.com/x', policy)).toBe('http://example.com/x')
    expect(await reason('http://a:b@example.com/x', policy)).toContain('user name or password')
  })

  it('unmaps IPv4-mapped IPv6 in both spellings', () => {
    expect(unmapIpv4('::ffff:7f00:1')).toBe('127.0.0.1')
    expect(unmapIpv4('::FFFF:10.1.2.3')).toBe('10.1.2.3')
    expect(unmapIpv4('2001:db8::1')).toBe('2001:db8::1')
  })
})
