// What a resident types for a code, as a Turkish phone keyboard produces it (issue #17 item 3):
// lower case, İ and ı, spaces and any dash are accepted; a wrong group is found and marked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeGroups, fragmentParams, shortFingerprint, tidyCode, tidyTrackingCode, upperLatin } from '../src/app/codes.js';

test('upper case without the Turkish İ/ı asymmetry', () => {
  assert.equal(upperLatin('ıiİI'), 'IIII');
  assert.equal(upperLatin('i\u0307k'), 'IK');
  assert.equal(upperLatin('abc'), 'ABC');
});

test('a code typed with lower case, İ/ı, spaces and dashes is the canonical code', () => {
  const want = '1A2B3C-4D5E6F-7G8H9J-KMNPQR';
  for (const typed of [
    want, want.toLowerCase(), '1a2b3c 4d5e6f 7g8h9j kmnpqr', '1A2B3C\u20134D5E6F\u20147G8H9J\u2212KMNPQR',
    '  1a2b3c--4d5e6f - 7g8h9j\u00a0kmnpqr ', '1A2B3C4D5E6F7G8H9JKMNPQR',
  ]) {
    assert.equal(tidyCode(typed).replace(/-/g, ''), want.replace(/-/g, ''), typed);
    assert.ok(codeGroups(typed).canonicalOk, typed);
  }
  // İ, ı, i and l are 1, O is 0: no symbol of the code alphabet is ambiguous with them
  const g = codeGroups('ıİil0o-4D5E6F-7G8H9J-KMNPQR');
  assert.ok(g.canonicalOk);
});

test('a wrong group is marked, the others are not; what was typed is kept', () => {
  const g = codeGroups('1A2B3C-4D5E6-7G8H9J-KMNPQU');
  assert.deepEqual(g.groups.map((x) => x.bad), [false, true, false, true]);
  assert.equal(g.groups[1].length, 5);
  assert.ok(g.groups[3].badSymbol); // U is not in the alphabet
  assert.equal(g.groups[1].text, '4D5E6');
  assert.ok(!g.canonicalOk);
  assert.ok(!codeGroups('1A2B3C-4D5E6F-7G8H9J').canonicalOk); // three groups
});

test('tracking codes: İ and ı are I, spaces dropped; the short fingerprint is two groups', () => {
  assert.equal(tidyTrackingCode('abcdı-ijkİ m'), 'ABCDI-IJKIM');
  assert.equal(shortFingerprint('ABCD-EFGH-IJKL-MNOP'), 'ABCD-EFGH');
});

test("the letter's QR fragment carries the list fingerprint and the code", () => {
  assert.deepEqual(fragmentParams('#fp=0123abcd&code=1A2B3C-4D5E6F'), { fp: '0123abcd', code: '1A2B3C-4D5E6F' });
  assert.deepEqual(fragmentParams('#code=a%20b'), { code: 'a b' });
  assert.deepEqual(fragmentParams(''), {});
});
