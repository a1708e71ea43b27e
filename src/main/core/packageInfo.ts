import pkg from '../../../package.json' with { type: 'json' }

/** Name and version from package.json, bundled at build time. */
export const appName: string = pkg.productName
export const appVersion: string = pkg.version
