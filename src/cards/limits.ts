/**
 * Caps shared by cards, forms (`maxLength`) and typed commands, so every path refuses or trims at the same size.
 * Teams refuses a message whose payload exceeds 28 KB; the card budget leaves a margin for the activity envelope.
 */
export const LIMITS = {
  /** Incident title (typed `start …` or the Start form). */
  titleLength: 200,
  /** Resolve summary. */
  summaryLength: 4000,
  /** One note / timeline entry. */
  noteLength: 1000,
  /** A display name or e-mail shown on a card. */
  nameLength: 120,
  /** Any single free-text block on a card (alert text, details). */
  textLength: 4000,
  /** Names shown in one list (attendees, roster, unknown e-mails) before "…and N more". */
  listItems: 40,
  /** Rows of a list card / items of one container before "…and N more". */
  listRows: 25,
  /** Choices in a people picker. */
  choices: 50,
  /** Teams' payload limit for one message. */
  teamsPayloadBytes: 28 * 1024,
  /** What a card's serialized attachment may use: the payload limit minus a margin for the activity envelope. */
  cardBytes: 28 * 1024 - 3 * 1024,
} as const;

