import { call, NoInput } from '../ipc/define'
import {
  CreateProjectInputSchema,
  ProjectIdInputSchema,
  ProjectListSchema,
  ProjectSchema,
  SetKeyInputSchema,
  UpdateProjectInputSchema,
} from './project'

export const projectCalls = {
  'projects.list': call(NoInput, ProjectListSchema),
  /** Checks the key with Kapso before saving; see the error codes in ProjectsService. */
  'projects.create': call(CreateProjectInputSchema, ProjectSchema),
  'projects.update': call(UpdateProjectInputSchema, ProjectSchema),
  'projects.setKey': call(SetKeyInputSchema, ProjectSchema),
  'projects.removeKey': call(ProjectIdInputSchema, ProjectSchema),
  'projects.remove': call(ProjectIdInputSchema, ProjectListSchema),
  'projects.activate': call(ProjectIdInputSchema, ProjectListSchema),
}

export const projectEvents = {
  /** The list or the active project changed: every view reloads for the active one. */
  'projects.changed': ProjectListSchema,
}
