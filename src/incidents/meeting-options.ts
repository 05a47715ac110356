/**
 * The meeting-option vocabularies the bot offers, each defined once (config, command flags, Graph mapping and cards
 * use these). Values are Graph's: onlineMeeting lobbyBypassSettings.scope and allowedPresenters. Pure.
 */

/** Who joins without waiting in the lobby (microsoft.graph.lobbyBypassScope). */
export const LOBBY_BYPASS_SCOPES = [
  'organizer', 'organization', 'organizationAndFederated', 'everyone', 'invited', 'organizationExcludingGuests',
] as const;

export type LobbyBypassScope = (typeof LOBBY_BYPASS_SCOPES)[number];

/** Who may present (microsoft.graph.onlineMeetingPresenters). */
export const ALLOWED_PRESENTERS = ['everyone', 'organization', 'roleIsPresenter', 'organizer'] as const;

export type AllowedPresenters = (typeof ALLOWED_PRESENTERS)[number];
