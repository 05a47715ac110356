/** The alert block of an alert-opened incident's card: source, status, description, labels, link back (all escaped). */
import type { IncidentAlertSource } from '../incidents/incident';
import type { CardElement } from './adaptive-card';
import { userText } from './card-format';
import { LIMITS } from './limits';

const MAX_LABELS = 12;
const DESCRIPTION_LENGTH = 600;

export function alertSourceBlock(source: IncidentAlertSource): CardElement {
  const name = userText(source.name, LIMITS.nameLength);
  const status = source.status === 'resolved' ? `${name} reports the alert resolved` : `Firing in ${name}`;
  const items: CardElement[] = [
    { type: 'TextBlock', wrap: true, size: 'Small', weight: 'Bolder', color: source.status === 'resolved' ? 'Good' : 'Attention', text: `${status}${source.sourceSeverity ? ` · severity ${userText(source.sourceSeverity, 40)}` : ''}` },
  ];
  if (source.description) items.push({ type: 'TextBlock', wrap: true, size: 'Small', spacing: 'Small', text: userText(source.description, DESCRIPTION_LENGTH) });
  const labels = Object.entries(source.labels).slice(0, MAX_LABELS).map(([k, v]) => `${k}=${v}`);
  const more = Object.keys(source.labels).length - labels.length;
  if (labels.length > 0) {
    items.push({ type: 'TextBlock', wrap: true, size: 'Small', isSubtle: true, spacing: 'Small', fontType: 'Monospace', text: userText(labels.join('  ') + (more > 0 ? `  …+${more}` : ''), LIMITS.textLength) });
  }
  if (source.link) {
    items.push({ type: 'ActionSet', spacing: 'Small', actions: [{ type: 'Action.OpenUrl', title: `Open in ${source.name}`, url: source.link }] });
  }
  return { type: 'Container', style: 'emphasis', spacing: 'Medium', items };
}
