/** Action.Execute verbs → handlers. Typed by the CardVerb union: a verb without a handler does not compile. */
import type { CardVerb } from '../cards/card-actions';
import type { CardActionHandler } from './card-action-handler';
import { takeCommandAction } from './commander-command';
import { joinAction } from './join-command';
import { leaveAction } from './leave-command';
import { pageAction } from './page-command';
import { refusingResolvedAction } from './refuse-resolved';
import { reopenAction } from './reopen-command';
import { resolveAction } from './resolve-command';
import { retryMeetingAction } from './retry-meeting-action';

/** Buttons on older copies of a card stay clickable: those that change a live incident refuse a resolved one. */
export const CARD_ACTIONS: Readonly<Record<CardVerb, CardActionHandler>> = {
  retryMeeting: refusingResolvedAction(retryMeetingAction),
  joinCall: refusingResolvedAction(joinAction),
  leaveCall: leaveAction,
  page: refusingResolvedAction(pageAction),
  takeCommand: takeCommandAction,
  resolve: resolveAction,
  reopen: reopenAction,
};
