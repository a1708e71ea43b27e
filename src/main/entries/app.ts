// Built as out/main/index.js. The runtime check comes before the app's modules load (see runtimeGuard.ts);
// the top-level await holds Electron's 'ready' until index.ts has run, as its before-ready calls need.
import { guardRuntime } from '../runtimeGuard'

guardRuntime('app')
await import('../index')
