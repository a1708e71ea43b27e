import { expect, test } from 'vitest'
import { createKeyringSecretStore } from '../../../src/main/secrets/keyringSecretStore'

const hasSecretService = process.env.KAPSO_TEST_SECRET_SERVICE === 'gnome-keyring'
if (!hasSecretService) {
  console.log(
    'keychainStatus: skipping the Secret Service round trip: run under scripts/with-keyring.mjs (npm test does).',
  )
}

test.skipIf(!hasSecretService)(
  'with a Secret Service, the keychain is available and round-trips a value',
  async () => {
    const store = createKeyringSecretStore('Kapso Console (test)')
    expect(await store.status()).toEqual({ state: 'available', backend: 'Secret Service (libsecret)' })
    await store.setPassword('about-test', 'value-123456')
    expect(await store.getPassword('about-test')).toBe('value-123456')
    expect(await store.deletePassword('about-test')).toBe(true)
  },
)

test('without a Secret Service, status says so in words and names what to install', async () => {
  // Point libsecret at a D-Bus address where nothing listens: what a Linux
  // desktop without gnome-keyring or KWallet looks like to the keyring.
  const saved = process.env.DBUS_SESSION_BUS_ADDRESS
  process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/kapso-bus'
  try {
    const status = await createKeyringSecretStore('Kapso Console (test)').status()
    expect(status.state).toBe('unavailable')
    if (status.state === 'unavailable') expect(status.reason).toMatch(/gnome-keyring/)
    await expect(createKeyringSecretStore('Kapso Console (test)').getPassword('x')).rejects.toMatchObject({
      code: 'keychain_unavailable',
    })
  } finally {
    if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS
    else process.env.DBUS_SESSION_BUS_ADDRESS = saved
  }
})
