/**
 * Messages between main and the keychain helper process (keychainHost.ts).
 * Every request carries an id so a late answer from a helper that was given
 * up on can never be taken for the answer to a newer request.
 */
export type KeychainOp =
  | { op: 'get'; account: string }
  | { op: 'set'; account: string; password: string }
  | { op: 'delete'; account: string }
  | { op: 'accounts' }
  | { op: 'status' }

export type KeychainRequest = KeychainOp & { id: number; service: string }

/** `message` is the native error text, mapped to words in main; it never carries a secret. */
export type KeychainReply =
  | { id: number; ok: true; value: string | null | boolean | string[] }
  | { id: number; ok: false; message: string }
