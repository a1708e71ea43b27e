import { describe, expect, test } from 'vitest'
import { pageLanguages, pageWords } from '../../../src/main/connections/pageWords'
import {
  escapeHtml,
  failurePage,
  safeFinalUrl,
  successPage,
  unknownLinkPage,
} from '../../../src/main/connections/redirectPage'
import { FAILURE_CODES, readRedirect } from '../../../src/main/connections/redirectParams'
import { redactSetupUrl } from '../../../src/main/connections/supportBundle'

const LINK = '0b8f6f2e-3a1c-4c55-9d1e-2b7c9a4e5f60'

describe('readRedirect', () => {
  test('every documented success parameter, display number URL-decoded', () => {
    const q = new URLSearchParams(
      `setup_link_id=${LINK}&status=completed&phone_number_id=123456789012345&business_account_id=998877&whatsapp_config_id=${LINK}&provisioned_phone_number_id=${LINK}&display_phone_number=%2B15551234567`,
    )
    const r = readRedirect('success', q)
    expect(r.missing).toEqual([])
    expect(r.absent).toEqual([])
    expect(r.params.every((p) => p.valid)).toBe(true)
    expect(r).toMatchObject({
      setupLinkId: LINK,
      phoneNumberId: '123456789012345',
      businessAccountId: '998877',
      displayPhoneNumber: '+15551234567',
    })
  })

  test('a literal + in the query (not encoded) reads as a space and is no valid E.164', () => {
    const r = readRedirect(
      'success',
      new URLSearchParams(`setup_link_id=${LINK}&display_phone_number=+15551234567`),
    )
    // "+" decodes to a space in a query string; " 15551234567" trimmed is still digits: accepted without the plus.
    expect(r.displayPhoneNumber).toBe('15551234567')
  })

  test('required vs optional: missing phone_number_id is a fault, missing WABA is not', () => {
    const r = readRedirect('success', new URLSearchParams(`setup_link_id=${LINK}&status=completed`))
    expect(r.missing).toEqual(['phone_number_id'])
    expect(r.absent).toEqual([
      'business_account_id',
      'whatsapp_config_id',
      'provisioned_phone_number_id',
      'display_phone_number',
    ])
  })

  test.each(FAILURE_CODES)('error code %s is recognised', (code) => {
    expect(
      readRedirect('failure', new URLSearchParams(`setup_link_id=${LINK}&error_code=${code}`)).errorCode,
    ).toBe(code)
  })

  test('forged values are kept as received but never offered for acting on', () => {
    const r = readRedirect(
      'success',
      new URLSearchParams({
        setup_link_id: "x' OR 1=1",
        status: 'done',
        phone_number_id: '12ab',
        display_phone_number: '<script>',
        extra: 'y'.repeat(500),
      }),
    )
    expect(r).toMatchObject({ setupLinkId: null, phoneNumberId: null, displayPhoneNumber: null })
    expect(r.params.map((p) => p.valid)).toEqual([false, false, false, false])
    expect(r.extra).toEqual([{ name: 'extra', value: 'y'.repeat(200), valid: false }])
    expect(readRedirect('failure', new URLSearchParams('error_code=boom')).errorCode).toBeNull()
  })
})

describe('redirect pages', () => {
  test('only http(s) final URLs are followed', () => {
    expect(safeFinalUrl('https://a.example/x?y=1')).toBe('https://a.example/x?y=1')
    expect(safeFinalUrl('javascript:alert(1)')).toBeNull()
    expect(safeFinalUrl('data:text/html,hi')).toBeNull()
    expect(safeFinalUrl('not a url')).toBeNull()
  })

  test('every language has every failure code; pages carry a strict CSP and no script', () => {
    for (const lang of pageLanguages) {
      for (const code of FAILURE_CODES) expect(pageWords[lang].failure[code].length).toBeGreaterThan(10)
      const page = failurePage(lang, 'link_expired', 'https://staff.example/" onload="x')
      expect(page.body).not.toContain('<script')
      expect(page.body).not.toContain('" onload="')
      expect(page.headers['Content-Security-Policy']).toContain("default-src 'none'")
    }
    expect(successPage('fr', '+1 555', null).body).toContain('lang="en"')
    expect(unknownLinkPage().status).toBe(404)
  })

  test('the success page thanks and says it is confirming: a redirect is not proof, so it never claims the connection', () => {
    for (const lang of pageLanguages) {
      const words = pageWords[lang]
      const body = successPage(lang, '+15551234567', null).body
      expect(body).toContain(escapeHtml(words.confirmingTitle))
      expect(body).toContain('<code data-number>+15551234567</code>')
      expect(body).not.toContain('✓')
    }
    expect(successPage('en', null, null).body).toContain('we&#39;re confirming your connection')
    expect(successPage('en', null, null).body).not.toMatch(/is (now )?connected/)
    expect(unknownLinkPage().status).toBe(404)
  })
})

test('setup link URLs lose their token in the support bundle, keeping the last 4 characters', () => {
  expect(redactSetupUrl('https://app.kapso.ai/whatsapp/setup/abcdef123456')).toBe(
    'https://app.kapso.ai/whatsapp/setup/…3456',
  )
})
