import * as keytar from '@napi-rs/keyring/keytar.js'
import type { KeychainStatus } from '../../shared/app/about'
import { keychainBackendName as backendName, explainKeychainFailure, keychainError } from './keychainErrors'
import { KEYCHAIN_SERVICE, type SecretStore } from './secretStore'

/**
 * The OS keychain in this process. The app and the web preview use the helper
 * process instead (processSecretStore.ts): a call here blocks and cannot be
 * stopped when the Secret Service hangs. Tests use it to look at the keychain.
 *
 * The OS keychain through @napi-rs/keyring's keytar-compatible module:
 * prebuilt N-API binaries, so no native compile and no Electron rebuild
 * (keytar itself is archived and needs node-gyp).
 */
export function createKeyringSecretStore(service = KEYCHAIN_SERVICE): SecretStore {
  const guard = async <T>(op: () => Promise<T>): Promise<T> => {
    try {
      return await op()
    } catch (error) {
      throw keychainError(error)
    }
  }
  return {
    backend: backendName(),
    getPassword: (account) =>
      guard(async () => {
        const value = await keytar.getPassword(service, account)
        // The keytar API answers null both for "no entry" and for "no keychain
        // at all"; a listing throws in the second case, so "no key" stays honest.
        if (value === null) await keytar.findCredentials(service)
        return value
      }),
    setPassword: (account, password) => guard(() => keytar.setPassword(service, account, password)),
    deletePassword: (account) => guard(() => keytar.deletePassword(service, account)),
    findAccounts: () => guard(async () => (await keytar.findCredentials(service)).map((c) => c.account)),
    async status(): Promise<KeychainStatus> {
      try {
        // A read-only call that touches the backend: it fails fast without a Secret Service.
        await keytar.findCredentials(service)
        return { state: 'available', backend: backendName() }
      } catch (error) {
        return { state: 'unavailable', backend: backendName(), reason: explainKeychainFailure(error) }
      }
    },
  }
}
