// Built as out/main/preview.js. The runtime check comes before the core (and node:sqlite) loads; see runtimeGuard.ts.
import { guardRuntime } from '../runtimeGuard'

guardRuntime('preview')
await import('../preview/cli')
