// Turkish case suffixes after numbers are generated from how the number is read aloud (vowel
// harmony, the buffer consonant after a vowel, t/d after a voiceless consonant), never written
// into the catalogue: "%{pct+poss}" must give %40'ı, %50'si, %3'ü, not one fixed "'i".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lastTurkishWord, withSuffix } from '../src/app/i18n.js';

test('the last word of a number read aloud', () => {
  const cases = { 0: 'sıfır', 7: 'yedi', 40: 'kırk', 100: 'yüz', '1.000': 'bin', '2.000.000': 'milyon', '12,5': 'beş', '%60': 'altmış', '3.250 TL': 'elli' };
  for (const [n, word] of Object.entries(cases)) assert.equal(lastTurkishWord(n), word, n);
  assert.equal(lastTurkishWord('yok'), null);
});

test('possessive: %40\'ı, %50\'si, %3\'ü, %6\'sı, %9\'u, %100\'ü', () => {
  const cases = {
    '%0': "%0'ı", '%1': "%1'i", '%2': "%2'si", '%3': "%3'ü", '%4': "%4'ü", '%5': "%5'i", '%6': "%6'sı",
    '%7': "%7'si", '%8': "%8'i", '%9': "%9'u", '%10': "%10'u", '%20': "%20'si", '%30': "%30'u",
    '%40': "%40'ı", '%50': "%50'si", '%60': "%60'ı", '%70': "%70'i", '%80': "%80'i", '%90': "%90'ı",
    '%100': "%100'ü", '%12,5': "%12,5'i", '1.000': "1.000'i",
  };
  for (const [n, want] of Object.entries(cases)) assert.equal(withSuffix(n, 'poss'), want, n);
});

test('dative, locative, ablative, accusative, genitive', () => {
  const cases = [
    ['7', 'dat', "7'ye"], ['10', 'dat', "10'a"], ['3', 'dat', "3'e"], ['6', 'dat', "6'ya"],
    ['6', 'loc', "6'da"], ['5', 'loc', "5'te"], ['3', 'loc', "3'te"], ['40', 'loc', "40'ta"], ['2', 'loc', "2'de"],
    ['1.000', 'abl', "1.000'den"], ['60', 'abl', "60'tan"], ['9', 'abl', "9'dan"],
    ['2', 'acc', "2'yi"], ['4', 'acc', "4'ü"], ['6', 'gen', "6'nın"], ['1', 'gen', "1'in"],
  ];
  for (const [n, kase, want] of cases) assert.equal(withSuffix(n, kase), want, `${n} ${kase}`);
  assert.throws(() => withSuffix('5', 'nope'));
});
