/**
 * Checks the runtime before anything imports node:sqlite (or Electron): each
 * built entry (out/main/index.js, preview.js, sandbox.js) is a tiny file that
 * calls this and only then imports the real module dynamically, so the wrong
 * Node gets a sentence saying what to run instead of ERR_UNKNOWN_BUILTIN_MODULE.
 * No imports here, so the bundler keeps this chunk free of the app's modules.
 */

/** The oldest Node the console runs on: node:sqlite with StatementSync.iterate, and undici 8 (package.json engines). */
export const MIN_NODE = [22, 19] as const

export interface RuntimeFacts {
  node: string
  electron: string | undefined
}

/** Why this runtime cannot run the entry, with what to run instead; null when it can. */
export function runtimeProblem(entry: 'app' | 'preview' | 'sandbox', facts: RuntimeFacts): string | null {
  if (entry === 'app') {
    if (facts.electron) return null
    return 'out/main/index.js is the Electron app and runs only inside Electron: use `npm start` (or `npm run dev`). For the console in a browser: `npm run preview:web`.'
  }
  const [major = 0, minor = 0] = facts.node.split('.').map(Number)
  if (major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1])) return null
  const script = entry === 'preview' ? 'npm run preview:web' : 'npm run sandbox'
  return `Kapso Console needs Node ${MIN_NODE.join('.')} or later; this is Node ${facts.node}. Use \`${script}\`: npm scripts run the Node 24 from the project's dev dependencies, whatever Node is on your PATH.`
}

/** Prints the problem and exits 1, or returns when this runtime can run `entry`. */
export function guardRuntime(entry: 'app' | 'preview' | 'sandbox'): void {
  const problem = runtimeProblem(entry, { node: process.versions.node, electron: process.versions.electron })
  if (!problem) return
  process.stderr.write(`${problem}\n`)
  process.exit(1)
}
