/** The "Try again" button on an incident whose meeting could not be created (e.g. after an admin added the policy). */
import type { CardActionHandler } from './card-action-handler';

export const retryMeetingAction: CardActionHandler = (incident, _data, _ctx, services) => services.incidents.retryMeeting(incident.id);
