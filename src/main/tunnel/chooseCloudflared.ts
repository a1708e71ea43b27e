import { AppError } from '../../shared/ipc/errors'
import type {
  ChooseCloudflaredInput,
  ChooseCloudflaredResult,
  WebhookSettings,
} from '../../shared/webhooks/session'
import type { Logger } from '../log/logger'
import { checkCloudflared } from './cloudflaredCheck'
import type { TunnelHost } from './host'

export interface ChooseCloudflaredDeps {
  /** Main's file dialog; absent in the web preview and tests. */
  host: TunnelHost | undefined
  save(path: string | null): Promise<WebhookSettings>
  settings(): Promise<WebhookSettings>
  log: Logger
  /** Where the check reads PATH and friends (tests pass their own). */
  env?: NodeJS.ProcessEnv
}

/**
 * Sets the program main will run as the tunnel. With a dialog (the app) only a file the person
 * picked there counts; a typed path is refused, so the page cannot name one. Without a dialog
 * (the web preview) the typed path must pass `checkCloudflared`. Either way the file must answer
 * like cloudflared, or nothing is saved.
 */
export async function chooseCloudflared(
  input: ChooseCloudflaredInput,
  deps: ChooseCloudflaredDeps,
): Promise<ChooseCloudflaredResult> {
  if (input.from === 'path') return { outcome: 'cleared', version: null, settings: await deps.save(null) }
  let path: string
  if (input.from === 'dialog') {
    if (!deps.host) {
      throw new AppError(
        'validation',
        'There is no file dialog in the web preview: type the full path to cloudflared instead.',
      )
    }
    const picked = await deps.host.chooseExecutable('Choose the cloudflared program')
    if (!picked) return { outcome: 'cancelled', version: null, settings: await deps.settings() }
    path = picked
  } else {
    if (deps.host) {
      throw new AppError(
        'validation',
        'Choose cloudflared with "Choose cloudflared…": in the app a path cannot be typed in.',
        { fields: { path: ['Use the file dialog.'] } },
      )
    }
    path = input.path
  }
  const check = await checkCloudflared(path, deps.env ? { env: deps.env } : {})
  if (!check.ok) {
    deps.log.warn('cloudflared path refused', { from: input.from })
    throw new AppError('validation', `${check.problem} Pick the cloudflared program itself.`, {
      fields: { path: [check.problem] },
    })
  }
  deps.log.info('cloudflared chosen', { from: input.from, version: check.version })
  return { outcome: 'chosen', version: check.version, settings: await deps.save(path) }
}
