import type { z } from 'zod'
import type { CallName, CallOutput, Calls } from '../../shared/ipc/contract'

/** One async function per call in the contract; the compiler rejects a missing one. */
export type HandlerTable = {
  [K in CallName]: (input: z.output<Calls[K]['input']>) => Promise<CallOutput<K>>
}

/** The handlers one capability contributes; createCore spreads them into the table. */
export type HandlersFor<Names extends CallName> = Pick<HandlerTable, Names>
