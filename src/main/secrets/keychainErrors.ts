import { AppError } from '../../shared/ipc/errors'

/**
 * Turns a keyring failure into words a person can act on. The native error
 * text says things like "Couldn't access platform storage: AccessDenied".
 */
export function explainKeychainFailure(error: unknown, platform: NodeJS.Platform = process.platform): string {
  const raw = error instanceof Error ? error.message : String(error)
  if (platform === 'linux') {
    if (/locked|prompt|dismissed/i.test(raw)) {
      return 'The login keyring is locked. Unlock it (for example by opening "Passwords and Keys") and try again.'
    }
    return (
      'No Secret Service keychain answered on this Linux session. Install and start one ' +
      '(GNOME Keyring: "sudo apt install gnome-keyring", or KeePassXC with Secret Service enabled), ' +
      'then restart the console. Until then keys can be kept for this session only.'
    )
  }
  if (platform === 'darwin') {
    return 'The macOS Keychain refused access. Allow Kapso Console in the Keychain prompt, or unlock your login keychain.'
  }
  return 'The Windows Credential Manager refused access. Check that your user profile is loaded and try again.'
}

export function keychainError(error: unknown): AppError {
  return new AppError('keychain_unavailable', explainKeychainFailure(error), { cause: error })
}

/** The keychain's name on this OS, as the person knows it. */
export const keychainBackendName = (platform: NodeJS.Platform = process.platform): string =>
  platform === 'darwin'
    ? 'macOS Keychain'
    : platform === 'win32'
      ? 'Windows Credential Manager'
      : 'Secret Service (libsecret)'

/** The helper process gave no answer in time: say what usually causes that and what to do. */
export function keychainTimeoutError(
  timeoutMs: number,
  platform: NodeJS.Platform = process.platform,
): AppError {
  const seconds = Math.round(timeoutMs / 100) / 10
  const what =
    platform === 'linux'
      ? 'If a keyring password prompt is open, answer it. Otherwise the Secret Service (GNOME Keyring or KWallet) may be stuck: restart it, or log out and back in.'
      : platform === 'darwin'
        ? 'If a Keychain prompt is open, answer it; otherwise open Keychain Access to check that the login keychain is unlocked.'
        : 'Check that the Credential Manager service is running.'
  return new AppError(
    'keychain_unavailable',
    `The keychain did not answer within ${seconds} s, so the console stopped waiting. ${what} Then try again.`,
  )
}
