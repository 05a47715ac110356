/**
 * Caps shared by cards, forms (`maxLength`) and typed commands, so every path refuses or trims at the same size.
 * Teams refuses a message whose payload exceeds 28 KB; the card budget leaves a margin for the activity envelope.
 */
export const LIMITS = {
  /** Incident title (typed `start …` or the Start form). */
  titleLength: 200,
  /** Resolve summary (typed `resolve …` and the Resolve form) and a typed note. */
  summaryLength: 2000,
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
  /**
   * Longest message text (activity.text, markup included) the command parser reads. Refused before tokenising:
   * Teams allows ~28 KB, far more than any command needs (a 1,000-character note with 40 mentions is ~3,000).
   */
  commandTextLength: 10_000,
  /** People one command may name (`with …`, `page …`), mentions and e-mails together. */
  attendees: 50,
  /** `<at>` mentions one message may carry: each one is a directory lookup. */
  mentions: 60,
  /** Teams' payload limit for one message. */
  teamsPayloadBytes: 28 * 1024,
  /** What a card's serialized attachment may use: the payload limit minus a margin for the activity envelope. */
  cardBytes: 28 * 1024 - 3 * 1024,
} as const;

