import { downloadBlob } from '../../ui/downloadBlob'

/**
 * What the page does itself when main's host cannot (the web preview): put a
 * PNG on the browser's clipboard, download a file. Data URLs are decoded here
 * rather than fetched, because the CSP's connect-src does not allow data:.
 */
export function dataUrlToBlob(dataUrl: string): Blob {
  const comma = dataUrl.indexOf(',')
  const mime = /^data:([^;,]+)/.exec(dataUrl)?.[1] ?? 'application/octet-stream'
  const binary = atob(dataUrl.slice(comma + 1))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return new Blob([bytes], { type: mime })
}

export async function copyPngInPage(dataUrl: string): Promise<void> {
  await navigator.clipboard.write([new ClipboardItem({ 'image/png': dataUrlToBlob(dataUrl) })])
}

export function downloadInPage(file: { filename: string; dataUrl: string }): void {
  downloadBlob(dataUrlToBlob(file.dataUrl), file.filename)
}
