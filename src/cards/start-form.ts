/** The "Start an incident" form (help and welcome cards): submitting it does exactly what the typed `start` does. */
import { SEVERITIES } from '../incidents/incident';
import type { AdaptiveCard } from './adaptive-card';
import { card } from './adaptive-card';
import { START_INPUTS } from './card-actions';

export function startForm(): AdaptiveCard {
  return {
    ...card([
      { type: 'Input.Text', id: START_INPUTS.title, label: 'What is broken?', placeholder: 'Checkout API returning 500s', isRequired: true, errorMessage: 'A title is needed.' },
      {
        type: 'Input.ChoiceSet',
        id: START_INPUTS.severity,
        label: 'Severity',
        style: 'compact',
        value: 'sev3',
        choices: SEVERITIES.map((s) => ({ title: `${s.toUpperCase()}${s === 'sev1' ? ' (critical)' : s === 'sev4' ? ' (low)' : ''}`, value: s })),
      },
      {
        // Teams' people picker: searches the organisation's directory as the user types.
        type: 'Input.ChoiceSet',
        id: START_INPUTS.people,
        label: 'Invite',
        style: 'filtered',
        isMultiSelect: true,
        choices: [],
        'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' },
      },
      { type: 'Input.Text', id: START_INPUTS.emails, label: 'Or e-mail addresses', placeholder: 'patti@contoso.com, isaiahl@contoso.com' },
      { type: 'Input.Time', id: START_INPUTS.time, label: 'Start at (empty = now, your time zone)' },
      { type: 'Input.Number', id: START_INPUTS.duration, label: 'Minutes (empty = default)', min: 5, max: 1440 },
      { type: 'Input.Toggle', id: START_INPUTS.calendar, title: 'Also send Outlook calendar invitations', value: 'false', valueOn: 'true', valueOff: 'false' },
    ], [{ type: 'Action.Execute', title: 'Start the incident', verb: 'startIncident', associatedInputs: 'auto' }]),
    msteams: undefined,
  };
}
