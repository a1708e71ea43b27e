import type { About } from '../../shared/app/about'
import type { SecretStore } from '../secrets/secretStore'

export interface AboutDeps {
  appName: string
  appVersion: string
  dataDir: string
  electronVersion: string | null
  secrets: SecretStore
  activeProject: () => Promise<About['activeProject']>
}

export function createAboutService(deps: AboutDeps) {
  return {
    async getAbout(): Promise<About> {
      return {
        appName: deps.appName,
        appVersion: deps.appVersion,
        runtime: { node: process.versions.node, electron: deps.electronVersion, platform: process.platform },
        dataDir: deps.dataDir,
        activeProject: await deps.activeProject(),
        keychain: await deps.secrets.status(),
      }
    },
  }
}
