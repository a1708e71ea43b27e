/**
 * What setup links need from the machine they run on: the system clipboard,
 * a save dialog, the print system and notifications. Injected into the core,
 * so the core stays free of Electron: the app passes `createElectronLinkHost`
 * (electronHost.ts), the web preview and tests get `webPreviewFallbackHost`,
 * which does none of it and lets the page do it instead (the browser's
 * clipboard, a download, the browser's print dialog).
 */
export type HostOutcome =
  | { outcome: 'done'; path: string | null }
  | { outcome: 'cancelled' }
  | { outcome: 'page' }

export interface SaveRequest {
  defaultName: string
  mime: string
  /** e.g. { name: 'PNG image', extensions: ['png'] } */
  filter: { name: string; extensions: string[] }
  data: Buffer
}

export interface SetupLinkHost {
  readonly name: 'electron' | 'web-preview-fallback'
  /** true when the PNG is on the system clipboard; false = the page must copy it. */
  copyPng(png: Buffer): Promise<boolean>
  saveFile(request: SaveRequest): Promise<HostOutcome>
  /** Prints self-contained HTML (one sheet per page) through the system dialog, or saves it as a PDF. */
  printHtml(html: string, as: 'print' | 'pdf', defaultName: string): Promise<HostOutcome>
  /** A system notification; the page shows its own notice either way. A click focuses the window, then `onClick`. */
  notify(title: string, body: string, onClick?: () => void): void
}

/** The web preview has no system clipboard, dialog or printer of its own: every answer is "the page does it". */
export const webPreviewFallbackHost: SetupLinkHost = {
  name: 'web-preview-fallback',
  copyPng: async () => false,
  saveFile: async () => ({ outcome: 'page' }),
  printHtml: async () => ({ outcome: 'page' }),
  notify: () => {},
}
