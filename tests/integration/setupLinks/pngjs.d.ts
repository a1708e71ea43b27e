/** The one call of `pngjs` (installed with qrcode) the QR tests use to read pixels. */
declare module 'pngjs' {
  export const PNG: { sync: { read(buffer: Buffer): { width: number; height: number; data: Buffer } } }
}
