/**
 * What choosing the cloudflared program needs from the machine: a file dialog shown by main, so the
 * page can only ask for one, never name the file. Injected into the core, which stays free of
 * Electron: the app passes `createElectronTunnelHost` (src/main/electron/tunnelHost.ts); the web
 * preview and tests have none, and there a typed path is accepted only after `checkCloudflared`.
 */
export interface TunnelHost {
  /** The file the person picked, or null when they cancelled. */
  chooseExecutable(title: string): Promise<string | null>
}
