/**
 * The variables a tunnel program may see. Main's own environment can hold API keys, NODE_OPTIONS
 * (which would load code into any Node child) and ELECTRON_* switches; none of that is the
 * tunnel's business. It gets where to find programs and its home (for ~/.cloudflared), the locale,
 * the temp folder, the system folders Windows programs need, and the proxy settings it must honour
 * to reach its service at all.
 */
const PASSED = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'LANG',
  'LC_ALL',
  'TZ',
  'TMPDIR',
  'TMP',
  'TEMP',
  'XDG_CONFIG_HOME',
  'HTTPS_PROXY',
  'HTTP_PROXY',
  'NO_PROXY',
  'https_proxy',
  'http_proxy',
  'no_proxy',
  // Windows
  'PATHEXT',
  'SystemRoot',
  'SYSTEMROOT',
  'windir',
  'USERPROFILE',
  'APPDATA',
  'LOCALAPPDATA',
  'ProgramData',
] as const

export function tunnelChildEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {}
  for (const name of PASSED) {
    const value = env[name]
    if (value !== undefined) out[name] = value
  }
  return out
}
