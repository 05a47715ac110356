import type { Incident } from '../incidents/incident';
import type { CommandContext } from './command-context';
import type { CommandServices } from './command-services';

/** Handles an Action.Execute verb on an incident card; returns the incident to render as the refreshed card. */
export type CardActionHandler = (incident: Incident, data: Readonly<Record<string, unknown>>, ctx: CommandContext, services: CommandServices) => Promise<Incident>;
