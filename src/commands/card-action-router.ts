/** Action.Execute verbs → handlers. Typed by the CardVerb union: a verb without a handler does not compile. */
import type { FormVerb, IncidentVerb } from '../cards/card-actions';
import { sendTestAlertAction } from './alerts';
import type { CardActionHandler, FormActionHandler } from './card-action-handler';
import { startFormAction } from './start-form-action';
import { takeCommandAction } from './commander-command';
import { joinAction } from './join-command';
import { leaveAction } from './leave-command';
import { pageAction } from './page-command';
import { refusingResolvedAction } from './refuse-resolved';
import { reopenAction } from './reopen-command';
import { resolveAction } from './resolve-command';
import { retryMeetingAction } from './retry-meeting-action';

/** Buttons on older copies of a card stay clickable: those that change a live incident refuse a resolved one. */
export const CARD_ACTIONS: Readonly<Record<IncidentVerb, CardActionHandler>> = {
  retryMeeting: refusingResolvedAction(retryMeetingAction),
  joinCall: refusingResolvedAction(joinAction),
  leaveCall: leaveAction,
  page: refusingResolvedAction(pageAction),
  takeCommand: takeCommandAction,
  resolve: resolveAction,
  reopen: reopenAction,
};

/** Forms not tied to an incident: the Start form. */
export const FORM_ACTIONS: Readonly<Record<FormVerb, FormActionHandler>> = {
  startIncident: startFormAction,
  sendTestAlert: sendTestAlertAction,
};
