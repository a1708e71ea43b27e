import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { createLogger } from '../../../src/main/log/logger'
import { raiseFdLimit } from '../../../src/main/net/fdLimit'

const limits = (pid: number) =>
  readFileSync(`/proc/${pid}/limits`, 'utf8').match(/^Max open files\s+(\S+)\s+(\S+)/m)!

describe('raiseFdLimit', () => {
  test.runIf(process.platform === 'linux')(
    'lifts a process soft open-file limit to its hard limit (a child started with a lowered soft limit)',
    async () => {
      // A child whose soft limit is 256 (set by the shell), so this process's own limit is left alone.
      // Not a Node child: Node itself lifts its soft limit at startup (Electron's main process does not).
      const child = spawn('sh', ['-c', 'ulimit -Sn 256 && exec sleep 30'])
      try {
        await new Promise((r) => child.once('spawn', r))
        // sh execs sleep in the same pid; wait until the exec happened and the limit applies.
        for (let i = 0; i < 100 && limits(child.pid!)[1] !== '256'; i++)
          await new Promise((r) => setTimeout(r, 20))
        const [, soft, hard] = limits(child.pid!)
        expect(soft).toBe('256')
        const result = await raiseFdLimit(createLogger({ level: 'error' }), child.pid)
        const after = limits(child.pid!)
        console.log(`[fdLimit] child soft ${soft} -> ${after[1]} (hard ${hard})`)
        if (hard === 'unlimited') expect(result).not.toBeNull()
        else expect(after[1]).toBe(hard)
      } finally {
        child.kill()
      }
    },
  )
})
