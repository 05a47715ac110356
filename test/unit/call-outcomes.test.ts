/** Call-end codes on the card, worded as the "Call end reason codes" table of call-delete.md describes them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callEndOf } from '../../src/calls/call-outcomes';

const end = (subcode: number, code = 200) => callEndOf({ code, subcode, message: '' });

test('200/5000 "Removed from the conversation by another participant."', () => {
  const e = end(5000);
  assert.match(e.explanation, /removed the bot/i);
  assert.equal(e.isFailure, false);
});

test('200/4097 "Call ended by the other participant in the call."', () => {
  const e = end(4097);
  assert.match(e.explanation, /another participant ended the call/i);
  assert.doesNotMatch(e.explanation, /removed/i);
});

test('200/5013 "The conversation has ended as no one else has joined the group call."', () => {
  const e = end(5013);
  assert.match(e.explanation, /nobody else joined/i);
  assert.equal(e.isFailure, false);
});

test('200/7000 and 200/10550 "The conversation has ended by bot."', () => {
  for (const subcode of [7000, 10550]) assert.equal(end(subcode).explanation, 'The bot left the call.');
});

test('408/8537 keep-alive timeout is a failure with a way back', () => {
  const e = end(8537, 408);
  assert.equal(e.isFailure, true);
  assert.match(e.explanation, /keep-alive/);
});
