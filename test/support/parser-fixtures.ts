/** Shared inputs for the parser tests: the bot, two people, their mention markup, and attendee requests. */
import type { MentionEntity } from '../../src/commands/command';

export const BOT_ID = '28:bot-app-id';
export const BOT: MentionEntity = { id: BOT_ID, name: 'IncidentBridge', text: '<at>IncidentBridge</at>' };
export const mention = (id: string, name: string, text = `<at>${name}</at>`): MentionEntity => ({ id, name, text });
export const MEGAN = mention('29:megan', 'Megan Bowen');
export const ADELE = mention('29:adele', 'Adele Vance');
export const AT_BOT = '<at>IncidentBridge</at>';
export const AT_MEGAN = '<at>Megan Bowen</at>';
export const AT_ADELE = '<at>Adele Vance</at>';

export const megan = { kind: 'mention', channelUserId: '29:megan', name: 'Megan Bowen' } as const;
export const adele = { kind: 'mention', channelUserId: '29:adele', name: 'Adele Vance' } as const;
export const email = (address: string) => ({ kind: 'email', address }) as const;
