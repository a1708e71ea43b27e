// Built as out/main/index.js. The runtime check comes before the app's modules load (see runtimeGuard.ts);
// the top-level await holds Electron's 'ready' until index.ts has run, as its before-ready calls need
// (https://electronjs.org/docs/latest/tutorial/esm, "You must use await generously before the app's ready event").
import { guardRuntime } from '../runtimeGuard'

guardRuntime('app')
await import('../index')
