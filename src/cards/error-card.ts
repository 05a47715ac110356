/** The one place errors become something a user reads. Never includes stack traces or secrets. */
import type { AppError } from '../errors/app-error';
import type { AdaptiveCard, CardElement } from './adaptive-card';
import { card, plain } from './adaptive-card';

export function errorCard(error: AppError, title = 'That did not work'): AdaptiveCard {
  const body: CardElement[] = [
    { type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', color: 'Attention', wrap: true },
    { type: 'TextBlock', text: plain(error.message), wrap: true },
  ];
  if (error.hint) body.push({ type: 'TextBlock', text: plain(error.hint), wrap: true });
  if (error.details && error.details.length > 0) {
    body.push({ type: 'TextBlock', text: error.details.map(plain).join('\n\n'), wrap: true, fontType: 'Monospace' });
  }
  body.push({ type: 'TextBlock', text: `Error code: ${error.code}`, isSubtle: true, size: 'Small', wrap: true });
  return card(body);
}
