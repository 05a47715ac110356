/** Action.Execute verbs → handlers. Typed by the CardVerb union: a verb without a handler does not compile. */
import type { CardVerb } from '../cards/card-actions';
import type { CardActionHandler } from './card-action-handler';
import { joinAction } from './join-command';
import { leaveAction } from './leave-command';
import { pageAction } from './page-command';
import { retryMeetingAction } from './retry-meeting-action';

export const CARD_ACTIONS: Readonly<Record<CardVerb, CardActionHandler>> = {
  retryMeeting: retryMeetingAction,
  joinCall: joinAction,
  leaveCall: leaveAction,
  page: pageAction,
};
