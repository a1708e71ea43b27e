import { AppError } from '../../shared/ipc/errors'
import { createKapsoClient } from '../kapso'
import type { Logger } from '../log/logger'
import type { KeyChecker } from './keyCheck'

/**
 * Tries a key with the cheapest authenticated call the Platform API has (one
 * customer, one page), through the real client but with a single attempt: the
 * person is waiting, and "could not reach" is an answer they can act on.
 */
export function createKeyChecker(log: Logger): KeyChecker {
  return async (baseUrl, apiKey, signal) => {
    const client = createKapsoClient({
      baseUrl,
      apiKey,
      log,
      retry: { maxAttempts: 1 },
      pacing: { enabled: false },
    })
    try {
      await client.customers.listPage({ per_page: 1 }, signal ? { signal } : undefined)
      return { kind: 'accepted' }
    } catch (error) {
      if (error instanceof AppError && error.code === 'unauthorized') return { kind: 'rejected' }
      const detail = error instanceof AppError ? error.message : 'the network failed'
      return { kind: 'unreachable', detail: detail.replace(/\.$/, '') }
    }
  }
}
