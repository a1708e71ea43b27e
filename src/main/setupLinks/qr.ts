import QRCode from 'qrcode'
import type { QrImage } from '../../shared/setupLinks/link'
import type { LinkStore } from './linkStore'

/**
 * QR codes are drawn here, in main, from the link's URL: nothing leaves the
 * computer. Error correction M survives a smudged print; a 4-module quiet
 * zone is what phone cameras expect. Rendered once per URL and kept in SQLite,
 * so a link seen before can be shown and copied offline.
 */
const options = {
  errorCorrectionLevel: 'M' as const,
  margin: 4,
  color: { dark: '#000000', light: '#ffffff' },
}

export async function renderQr(text: string): Promise<{ png: Buffer; svg: string }> {
  const [png, svg] = await Promise.all([
    QRCode.toBuffer(text, { ...options, type: 'png', width: 640 }),
    QRCode.toString(text, { ...options, type: 'svg' }),
  ])
  return { png, svg }
}

export async function qrFor(store: LinkStore, text: string): Promise<{ png: Buffer; svg: string }> {
  const cached = store.qr(text)
  if (cached) return { png: Buffer.from(cached.png), svg: cached.svg }
  const fresh = await renderQr(text)
  store.putQr(text, fresh.png, fresh.svg)
  return fresh
}

export const pngDataUrl = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`

export function toQrImage(text: string, image: { png: Buffer; svg: string }): QrImage {
  return { png: pngDataUrl(image.png), svg: image.svg, text }
}
