// Built as out/main/sandbox.js. The runtime check comes before the sandbox's modules load; see runtimeGuard.ts.
import { guardRuntime } from '../runtimeGuard'

guardRuntime('sandbox')
await import('../sandbox/cli')
