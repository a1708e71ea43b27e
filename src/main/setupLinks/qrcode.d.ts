/** The part of `qrcode` (1.5) this capability uses; the package ships no types. */
declare module 'qrcode' {
  interface QRCodeOptions {
    errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H'
    margin?: number
    width?: number
    scale?: number
    color?: { dark?: string; light?: string }
  }
  const QRCode: {
    toBuffer(text: string, options?: QRCodeOptions & { type?: 'png' }): Promise<Buffer>
    toString(text: string, options?: QRCodeOptions & { type: 'svg' | 'utf8' | 'terminal' }): Promise<string>
  }
  export default QRCode
}
