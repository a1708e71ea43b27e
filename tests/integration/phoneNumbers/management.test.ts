import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, test } from 'vitest'
import { reviewDisplayName } from '../../../src/main/sandbox/phoneNumberManagement'
import { type Json, startWorld, until, type World } from '../setupLinks/world'

/** Number management (rename, delete, display-name requests) through the contract, against the sandbox. */

let world: (World & { close(): Promise<void> }) | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

async function acme() {
  world = await startWorld({ customers: 10 })
  const w = world
  await w.call('customers.syncNow')
  await until('first sync', async () => (await w.call('customers.syncStatus')).lastSyncedAt, 30_000)
  const { rows } = await w.call('phoneNumbers.query', { search: 'acme corp' })
  return { w, row: rows[0] as Json }
}

async function direct(w: World, method: string, path: string, body?: unknown) {
  const res = await fetch(`${w.sandbox.url}/platform/v1${path}`, {
    method,
    headers: { 'X-API-Key': w.sandbox.apiKey, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as Json) }
}

describe('number management', () => {
  test('rename: Kapso’s name and the cached list change together; blank and unknown numbers are refused in words', async () => {
    const { w, row } = await acme()
    const renamed = await w.call('phoneNumbers.rename', {
      phoneNumberId: row.phoneNumberId,
      name: '  Acme support line ',
    })
    expect(renamed).toEqual({ phoneNumberId: row.phoneNumberId, name: 'Acme support line' })
    expect(w.sandbox.store.phoneNumbers.get(row.phoneNumberId)!.name).toBe('Acme support line')
    expect((await w.call('phoneNumbers.query', { search: row.phoneNumberId })).rows[0].name).toBe(
      'Acme support line',
    )
    expect((await w.call('phoneNumbers.names', { phoneNumberId: row.phoneNumberId })).name).toBe(
      'Acme support line',
    )

    const blank = await w.refused('phoneNumbers.rename', { phoneNumberId: row.phoneNumberId, name: '   ' })
    expect(blank).toMatchObject({ code: 'validation', fields: { name: ['Give the number a name.'] } })
    const unknown = await w.refused('phoneNumbers.rename', { phoneNumberId: '999999999999999', name: 'x' })
    expect(unknown).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('no such phone number'),
    })

    await w.offline()
    expect(
      (await w.refused('phoneNumbers.rename', { phoneNumberId: row.phoneNumberId, name: 'Later' })).code,
    ).toBe('offline')
    await w.online()
  })

  test('display names: request, Meta’s review (pending → approved), a declined request with Meta’s reason', async () => {
    const { w, row } = await acme()
    const id = row.phoneNumberId
    const before = await w.call('phoneNumbers.names', { phoneNumberId: id })
    expect(before.requests).toEqual([])

    const pending = await w.call('phoneNumbers.requestDisplayName', { phoneNumberId: id, name: 'Acme Help' })
    expect(pending).toMatchObject({ requestedName: 'Acme Help', status: 'pending_review', metaError: null })
    expect(pending.previousName).toBe(before.verifiedName)

    reviewDisplayName(w.sandbox.store, id, pending.id, 'approved', new Date())
    const approved = await w.call('phoneNumbers.displayNameRequest', {
      phoneNumberId: id,
      requestId: pending.id,
    })
    expect(approved.status).toBe('approved')
    expect(approved.reviewedAt).toEqual(expect.any(String))
    expect((await w.call('phoneNumbers.names', { phoneNumberId: id })).verifiedName).toBe('Acme Help')

    const declined = await w.call('phoneNumbers.requestDisplayName', {
      phoneNumberId: id,
      name: 'Acme WhatsApp Desk',
    })
    expect(declined.status).toBe('declined')
    expect(declined.metaError).toBe('Display name cannot contain "WhatsApp" (Meta code 100/2388135)')
    const names = await w.call('phoneNumbers.names', { phoneNumberId: id })
    expect(names.requests.map((r: Json) => r.id)).toEqual([declined.id, pending.id])

    const missing = await w.refused('phoneNumbers.displayNameRequest', {
      phoneNumberId: id,
      requestId: randomUUID(),
    })
    expect(missing).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('display name request'),
    })
    const tooLong = await w.refused('phoneNumbers.requestDisplayName', {
      phoneNumberId: id,
      name: 'x'.repeat(257),
    })
    expect(tooLong).toMatchObject({
      code: 'validation',
      fields: { name: ['Meta allows at most 256 characters.'] },
    })
  })

  test('delete needs the number typed; then it is gone at Kapso and here, and a second delete says so', async () => {
    const { w, row } = await acme()
    const id = row.phoneNumberId
    const wrong = await w.refused('phoneNumbers.delete', { phoneNumberId: id, confirm: '+1 555 000 0000' })
    expect(wrong).toMatchObject({ code: 'validation', fields: { confirm: [expect.any(String)] } })
    expect((await w.refused('phoneNumbers.delete', { phoneNumberId: id, confirm: '' })).code).toBe(
      'validation',
    )
    expect(w.sandbox.store.phoneNumbers.get(id)).toBeTruthy()

    // Typed the way it is shown, spaces and dashes and all.
    expect(
      await w.call('phoneNumbers.delete', { phoneNumberId: id, confirm: row.displayPhoneNumber }),
    ).toEqual({
      deleted: true,
    })
    expect(w.sandbox.store.phoneNumbers.get(id)).toBeUndefined()
    expect((await w.call('phoneNumbers.query', { search: id })).total).toBe(0)

    const again = await w.refused('phoneNumbers.delete', { phoneNumberId: id, confirm: id })
    expect(again).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('no such phone number'),
    })
    expect((await w.refused('phoneNumbers.names', { phoneNumberId: id })).code).toBe('not_found')
  })

  test('sandbox: the documented shapes and refusals of each endpoint', async () => {
    const { w, row } = await acme()
    const base = `/whatsapp/phone_numbers/${row.phoneNumberId}`
    expect((await direct(w, 'PATCH', base, { name: 'no root' })).status).toBe(422)
    const blank = await direct(w, 'PATCH', base, { whatsapp_phone_number: { name: '' } })
    expect(blank).toMatchObject({ status: 422, body: { error: expect.stringContaining("can't be blank") } })
    const toggled = await direct(w, 'PATCH', base, { whatsapp_phone_number: { calls_enabled: true } })
    expect(toggled).toMatchObject({
      status: 200,
      body: { data: { phone_number_id: row.phoneNumberId, calls_enabled: true } },
    })

    const long = await direct(w, 'POST', `${base}/display_name_requests`, {
      display_name_request: { new_display_name: 'x'.repeat(257) },
    })
    expect(long).toMatchObject({ status: 422, body: { error: expect.stringContaining('maximum is 256') } })
    const created = await direct(w, 'POST', `${base}/display_name_requests`, {
      display_name_request: { new_display_name: 'Acme Support' },
    })
    expect(created.status).toBe(201)
    expect(Object.keys(created.body.data).sort()).toEqual(
      [
        'id',
        'phone_number_id',
        'requested_display_name',
        'previous_display_name',
        'status',
        'submitted_at',
        'reviewed_at',
        'applied_at',
        'meta_error_code',
        'meta_error_subcode',
        'meta_error_type',
        'meta_error_message',
      ].sort(),
    )
    const list = await direct(w, 'GET', `${base}/display_name_requests`)
    expect(list).toMatchObject({
      status: 200,
      body: { data: [{ id: created.body.data.id }], meta: { total_count: 1 } },
    })

    expect(await direct(w, 'DELETE', base)).toEqual({ status: 204, body: null })
    expect((await direct(w, 'GET', `${base}/display_name_requests`)).status).toBe(404)
    expect((await direct(w, 'DELETE', base)).status).toBe(404)
  })
})
