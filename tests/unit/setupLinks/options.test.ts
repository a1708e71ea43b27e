import { describe, expect, test } from 'vitest'
import { bulkCsv, csvCell } from '../../../src/main/setupLinks/csv'
import { effectiveStatus } from '../../../src/shared/setupLinks/link'
import { shareMessage, sheetText } from '../../../src/shared/setupLinks/messages'
import {
  optionProblems,
  reconnectProblems,
  SetupLinkOptionsSchema,
  toCreateInput,
} from '../../../src/shared/setupLinks/options'

const numbers = [
  {
    phoneNumberId: '1',
    display: '+1 555-010-0001',
    digits: '15550100001',
    connectionType: 'dedicated' as const,
  },
]

describe('setup link options (the schema the form and main share)', () => {
  test('defaults are a valid create and map to the API body', () => {
    const o = SetupLinkOptionsSchema.parse({})
    expect(toCreateInput(o)).toEqual({
      allowed_connection_types: ['coexistence', 'dedicated'],
      meta_billing_mode: 'customer_managed',
      provision_phone_number: false,
    })
  })

  test('rules the docs do not state are left to Kapso: any area code text, an empty country list', () => {
    for (const input of [
      { provision_phone_number: true, phone_number_country_isos: ['US'], phone_number_area_code: '4155' },
      { provision_phone_number: true, phone_number_country_isos: [] },
    ]) {
      expect(SetupLinkOptionsSchema.safeParse(input).success, JSON.stringify(input)).toBe(true)
    }
  })

  test.each([
    [{ success_redirect_url: 'ftp://x.example' }, 'success_redirect_url'],
    [{ failure_redirect_url: 'example.com/fail' }, 'failure_redirect_url'],
    [{ theme_config: { primary_color: '#abc' } }, 'theme_config.primary_color'],
    [{ theme_config: { primary_colour: '#aabbcc' } }, 'theme_config'],
    [{ language: 'fr' }, 'language'],
    [{ provision_phone_number: true, phone_number_country_isos: ['USA'] }, 'phone_number_country_isos.0'],
    [{ phone_number_area_code: '415' }, 'phone_number_area_code'],
    [
      { provision_phone_number: true, phone_number_country_isos: ['BR'], phone_number_area_code: '415' },
      'phone_number_area_code',
    ],
    [
      {
        reconnect_phone_number: '+15550100001',
        provision_phone_number: true,
        allowed_connection_types: ['dedicated'],
      },
      'provision_phone_number',
    ],
    [{ reconnect_phone_number: '+15550100001' }, 'allowed_connection_types'],
    [{ allowed_connection_types: [] }, 'allowed_connection_types'],
    [{ allowed_origins: ['http://app.example.com'] }, 'allowed_origins.0'],
    [{ meta_billing_mode: 'kapso' }, 'meta_billing_mode'],
  ])('%j is refused at %s', (input, field) => {
    expect(Object.keys(optionProblems(input))).toContain(field)
  })

  test('reconnect must name one of the customer’s numbers, with its connection type', () => {
    const base = { allowed_connection_types: ['dedicated' as const] }
    expect(reconnectProblems({ ...base, reconnect_phone_number: '+1 (555) 010-0001' }, numbers)).toEqual({})
    expect(reconnectProblems({ ...base, reconnect_phone_number: '+15550100002' }, numbers)).toHaveProperty(
      'reconnect_phone_number',
    )
    expect(
      reconnectProblems(
        { reconnect_phone_number: '+15550100001', allowed_connection_types: ['coexistence'] },
        numbers,
      ),
    ).toHaveProperty('allowed_connection_types')
    expect(reconnectProblems({ ...base, reconnect_phone_number: '+15550100001' }, [])).toHaveProperty(
      'reconnect_phone_number',
    )
  })

  test('reconnect sends provisioning off and the number in E.164; provisioning fields only when provisioning', () => {
    const reconnect = SetupLinkOptionsSchema.parse({
      reconnect_phone_number: '+1 555 010 0001',
      allowed_connection_types: ['dedicated'],
      phone_number_country_isos: ['US'],
    })
    expect(toCreateInput(reconnect)).toMatchObject({
      reconnect_phone_number: '+15550100001',
      provision_phone_number: false,
    })
    expect(toCreateInput(reconnect)).not.toHaveProperty('phone_number_country_isos')
    const provision = SetupLinkOptionsSchema.parse({
      provision_phone_number: true,
      phone_number_country_isos: ['US', 'BR'],
      phone_number_area_code: '415',
      language: 'hi',
    })
    expect(toCreateInput(provision)).toMatchObject({
      provision_phone_number: true,
      phone_number_country_isos: ['US', 'BR'],
      phone_number_area_code: '415',
      language: 'hi',
    })
  })
})

describe('what the customer reads', () => {
  const link = {
    url: 'https://app.kapso.ai/whatsapp/setup/abc',
    customerName: 'Acme',
    expiresAt: '2030-01-31T10:00:00Z',
  }
  test.each(['en', 'es', 'pt', 'hi', 'id', 'ar', null])(
    'the message in %s contains the URL once',
    (language) => {
      const text = shareMessage({ ...link, language })
      expect(text.split(link.url)).toHaveLength(2)
      expect(text).toContain('Acme')
    },
  )
  test('Arabic sheets are right to left, unknown languages fall back to English', () => {
    expect(sheetText({ ...link, language: 'ar' }).dir).toBe('rtl')
    expect(sheetText({ ...link, language: null }).lang).toBe('en')
    expect(sheetText({ ...link, language: 'es' }).title).toBe('Conectar WhatsApp para Acme')
  })
  test('expiry is judged by the clock, not only by the stored status', () => {
    expect(effectiveStatus('active', '2030-01-01T00:00:00Z', Date.parse('2030-01-01T00:00:01Z'))).toBe(
      'expired',
    )
    expect(effectiveStatus('active', '2030-01-01T00:00:00Z', Date.parse('2029-12-31T00:00:00Z'))).toBe(
      'active',
    )
    expect(effectiveStatus('revoked', null, 0)).toBe('revoked')
  })
})

describe('bulk CSV', () => {
  test('quotes what needs quoting and defuses spreadsheet formulas', () => {
    expect(csvCell('Acme, Inc. "East"')).toBe('"Acme, Inc. ""East"""')
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvCell(null)).toBe('')
  })
  test.each([
    // OWASP's formula starters, ASCII and the fullwidth forms spreadsheets also evaluate
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['\uFF1D1+1', "'\uFF1D1+1"],
    ['\uFF0B1', "'\uFF0B1"],
    ['\uFF0D1', "'\uFF0D1"],
    ['\uFF20SUM(A1)', "'\uFF20SUM(A1)"],
  ])('defuses a cell starting a formula: %j', (cell, expected) => {
    expect(csvCell(cell)).toBe(expected)
  })
  test.each([
    // semicolon-locale spreadsheets split on ';', the rest on ','
    ['a;b', '"a;b"'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['plain', 'plain'],
  ])('quotes a cell holding a separator, quote or line break: %j', (cell, expected) => {
    expect(csvCell(cell)).toBe(expected)
  })
  test('one row per created link, failures left out', () => {
    const item = (name: string, state: 'created' | 'failed') => ({
      customerId: name,
      customerName: name,
      externalCustomerId: null,
      state,
      url: state === 'created' ? `https://x/${name}` : null,
      expiresAt: state === 'created' ? '2030-01-01T00:00:00Z' : null,
      error: state === 'failed' ? 'boom' : null,
    })
    expect(bulkCsv([item('a', 'created'), item('b', 'failed')])).toBe(
      'customer name,external id,link URL,expires at\r\na,,https://x/a,2030-01-01T00:00:00Z\r\n',
    )
  })
})
