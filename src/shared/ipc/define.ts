import { z } from 'zod'
import { findBrokenString } from '../text'

/**
 * One request/response call: the input the main process accepts and the output it promises.
 * Every input is also checked for strings no handler can use (a lone surrogate, a NUL),
 * wherever they are, so they are refused as `validation` before any handler sees them.
 */
export const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({
  input: input.superRefine((value, ctx) => {
    const broken = findBrokenString(value)
    if (broken) ctx.addIssue({ code: 'custom', path: broken.path, message: broken.message })
  }) as I,
  output,
})

/** Calls without input still take an (empty) object so the contract can reject junk. */
export const NoInput = z.object({}).strict().optional()
