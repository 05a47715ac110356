/** On the incident card: whether the meeting's own chat carries the card too, and why not when it does not. */
import type { Incident } from '../incidents/incident';
import type { CardElement } from './adaptive-card';
import { plain } from './adaptive-card';

export function meetingChatNotice(incident: Incident): CardElement | undefined {
  const c = incident.meetingChat;
  if (!c) return undefined;
  if (c.status === 'posted') return { type: 'TextBlock', wrap: true, size: 'Small', isSubtle: true, spacing: 'Small', text: 'This card is also in the meeting\'s chat.' };
  return {
    type: 'TextBlock',
    wrap: true,
    size: 'Small',
    isSubtle: true,
    spacing: 'Small',
    text: plain(`No card in the meeting's chat (${c.code}): ${c.message}${c.hint ? ` ${c.hint}` : ''}`),
  };
}
