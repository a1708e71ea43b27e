import { expect, test } from 'vitest'
import { z } from 'zod'
import { calls, events } from '../../../src/shared/ipc/contract'

// The whole IPC surface as JSON Schema: a new or changed call shows up as a
// reviewable diff of this snapshot (run `npx vitest -u` after a deliberate change).
test('the IPC surface matches the reviewed snapshot', async () => {
  const surface = {
    calls: Object.fromEntries(
      Object.entries(calls).map(([name, spec]) => [
        name,
        {
          input: z.toJSONSchema(spec.input, { unrepresentable: 'any', io: 'input' }),
          output: z.toJSONSchema(spec.output, { unrepresentable: 'any' }),
        },
      ]),
    ),
    events: Object.fromEntries(
      Object.entries(events).map(([name, schema]) => [
        name,
        z.toJSONSchema(schema, { unrepresentable: 'any' }),
      ]),
    ),
  }
  await expect(JSON.stringify(surface, null, 2)).toMatchFileSnapshot('./__snapshots__/ipc-surface.json')
})
