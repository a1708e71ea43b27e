import { request } from 'undici'
import type { KeyChecker } from './keyCheck'

/**
 * The cheapest authenticated call the Platform API has: one customer, one page.
 * 401/403 means the key is wrong or revoked; no answer means we cannot tell.
 */
export const httpKeyCheck: KeyChecker = async (baseUrl, apiKey, signal) => {
  try {
    const res = await request(`${baseUrl}/platform/v1/customers?per_page=1`, {
      method: 'GET',
      headers: { 'X-API-Key': apiKey, Accept: 'application/json' },
      signal: signal ?? AbortSignal.timeout(10_000),
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    })
    await res.body.dump()
    if (res.statusCode === 401 || res.statusCode === 403) return { kind: 'rejected' }
    if (res.statusCode >= 200 && res.statusCode < 300) return { kind: 'accepted' }
    return { kind: 'unreachable', detail: `the server answered HTTP ${res.statusCode}` }
  } catch (error) {
    const code = (error as { code?: string }).code
    const detail =
      code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'the host name could not be resolved'
        : code === 'ECONNREFUSED'
          ? 'the connection was refused'
          : (error as Error).name === 'TimeoutError' || code?.includes('TIMEOUT')
            ? 'no answer within 10 seconds'
            : 'the network failed'
    return { kind: 'unreachable', detail }
  }
}
