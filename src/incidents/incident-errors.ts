/** Errors about an incident as a whole, made once: every layer that cannot find one, or finds it resolved, says the same. */
import { AppError } from '../errors/app-error';

const NOT_FOUND_HINT = 'Check the id on the incident card (incidents are reachable from the chat or team they were started in), or type "list" to see the active incidents here.';

/** An id that names no incident, or one that is not visible from this conversation (the two look the same). */
export function incidentNotFound(id: string): AppError {
  return new AppError('INCIDENT_NOT_FOUND', `Incident ${id} was not found here.`, { hint: NOT_FOUND_HINT });
}

/** No incident of the kind a command needs in this conversation (none active, none resolved, none at all). */
export function noIncidentHere(message: string, hint: string): AppError {
  return new AppError('INCIDENT_NOT_FOUND', message, { hint });
}

/** The refusal for any change to a resolved incident, saying how to reopen it (see assertNotResolved). */
export function incidentResolved(id: string): AppError {
  return new AppError('INCIDENT_RESOLVED', `${id} is resolved, so it cannot be changed.`, {
    hint: `Reopen it first: type "reopen ${id}" or press "Reopen" on its card.`,
  });
}
