import { call, NoInput } from '../ipc/define'
import { AboutSchema } from './about'
import { NoticeSchema } from './notice'

export const appCalls = {
  'app.getAbout': call(NoInput, AboutSchema),
}

export const appEvents = {
  /** Something the person should see outside the current screen (a toast). */
  'app.notice': NoticeSchema,
}
