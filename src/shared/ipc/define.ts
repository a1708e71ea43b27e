import { z } from 'zod'

/** One request/response call: the input the main process accepts and the output it promises. */
export const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output })

/** Calls without input still take an (empty) object so the contract can reject junk. */
export const NoInput = z.object({}).strict().optional()
