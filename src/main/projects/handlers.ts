import type { HandlersFor } from '../core/handlerTable'
import type { ProjectsService } from './projectsService'

export function createProjectHandlers(
  projects: ProjectsService,
): HandlersFor<
  | 'projects.list'
  | 'projects.create'
  | 'projects.update'
  | 'projects.setKey'
  | 'projects.removeKey'
  | 'projects.remove'
  | 'projects.activate'
> {
  return {
    'projects.list': () => projects.list(),
    'projects.create': (input) => projects.create(input),
    'projects.update': (input) => projects.update(input),
    'projects.setKey': (input) => projects.setKey(input),
    'projects.removeKey': ({ id }) => projects.removeKey(id),
    'projects.remove': ({ id }) => projects.remove(id),
    'projects.activate': ({ id }) => projects.activate(id),
  }
}
