import type { Incident } from '../incidents/incident';
import type { CommandContext } from './command-context';
import type { CommandServices } from './command-services';

/** Handles an Action.Execute verb on an incident card; returns the incident to render as the refreshed card. */
export type CardActionHandler = (incident: Incident, data: Readonly<Record<string, unknown>>, ctx: CommandContext, services: CommandServices) => Promise<Incident>;

/** Handles an Action.Execute verb on a form that is not tied to an incident; returns a short confirmation. */
export type FormActionHandler = (data: Readonly<Record<string, unknown>>, ctx: CommandContext, services: CommandServices) => Promise<string>;
