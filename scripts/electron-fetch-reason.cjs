// Preloaded (node --require) into electron's install.js by electron-binary.mjs.
// install.js prints only "TypeError: fetch failed"; the reason (DNS, refused,
// TLS, proxy) is in the error's cause, which it drops. This prints that cause
// on one marked line so the caller can show the real reason.
const original = globalThis.fetch
if (typeof original === 'function') {
  globalThis.fetch = async (...args) => {
    try {
      return await original(...args)
    } catch (error) {
      const cause = error?.cause
      const detail = cause ? `${cause.code ? `${cause.code}: ` : ''}${cause.message ?? cause}` : ''
      const url = String(args[0]?.url ?? args[0]).replace(/\?.*$/, '')
      process.stderr.write(
        `KAPSO_FETCH_FAILURE ${error?.message ?? error}${detail ? ` (${detail})` : ''} for ${url}\n`,
      )
      throw error
    }
  }
}
