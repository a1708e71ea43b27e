/** What Kapso said about a key when we tried it with a cheap authenticated call. */
export type KeyVerdict = { kind: 'accepted' } | { kind: 'rejected' } | { kind: 'unreachable'; detail: string }

/** Tries a key against a base URL; the implementation lives with the API client. */
export type KeyChecker = (baseUrl: string, apiKey: string, signal?: AbortSignal) => Promise<KeyVerdict>
