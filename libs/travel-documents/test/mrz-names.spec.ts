import { describe, expect, it } from 'vitest';
import { formatNameField, parseNameField, TravelDocumentError, transliterateIdentifier } from '@citizen-zero/travel-documents';

const td3Upper = (primaryIdentifier: string, secondaryIdentifier?: string): string =>
  `PPUTO${formatNameField({ primaryIdentifier, ...(secondaryIdentifier !== undefined && { secondaryIdentifier }) }, 39).field}`;
const td1Lower = (primaryIdentifier: string, secondaryIdentifier?: string): string =>
  formatNameField({ primaryIdentifier, ...(secondaryIdentifier !== undefined && { secondaryIdentifier }) }, 30).field;

describe('transliteration (ICAO Doc 9303 Part 3 §6 A) and punctuation (§4.6)', () => {
  it.each([
    ['Müller', 'MUELLER'],
    ['Gößmann', 'GOESSMANN'],
    ['Hämäläinen', 'HAEMAELAEINEN'],
    ['Åsa', 'AASA'],
    ['Ærø', 'AEROE'],
    ['Þórunn', 'THORUNN'],
    ['Guðrún', 'GUDRUN'],
    ['Œuvray', 'OEUVRAY'],
    ['Ĳsselmeer', 'IJSSELMEER'],
    ['Łukasz Żółć', 'LUKASZ<ZOLC'],
    ['Đorđe', 'DORDE'],
    ['Çelik İnönü ılık', 'CELIK<INOENUE<ILIK'],
    ['José Ramón', 'JOSE<RAMON'],
    ['Cañón', 'CANON'],
    ['Ħamrun Ŋoma Ŧom Ŀlum', 'HAMRUN<NOMA<TOM<LLUM'],
    ['ẞtraße', 'SSTRASSE'],
    ['A\u0308rger', 'AERGER'], // decomposed Ä
  ])('%s → %s', (name, expected) => expect(transliterateIdentifier(name)).toBe(expected));

  it.each([
    ["D'Artagnan", 'DARTAGNAN'], // apostrophe omitted, components joined
    ['O\u2019Connor', 'OCONNOR'],
    ['Marie-Elise', 'MARIE<ELISE'], // hyphen → one filler
    ['Anna, Maria', 'ANNA<MARIA'], // comma inside an identifier → one filler
    ['St. John', 'ST<JOHN'], // other punctuation omitted
    ['  van   der  Berg  ', 'VAN<DER<BERG'],
    ['Smith -- Jones', 'SMITH<JONES'],
  ])('%s → %s', (name, expected) => expect(transliterateIdentifier(name)).toBe(expected));

  it('numerals and non-Latin scripts are refused, not dropped', () => {
    for (const name of ['Louis XIV 2nd', 'Иванов', 'محمد', '王']) {
      expect(() => transliterateIdentifier(name)).toThrowError(TravelDocumentError);
      try {
        transliterateIdentifier(name);
      } catch (error) {
        expect((error as TravelDocumentError).code).toBe('MRZ_INVALID_CHARACTER');
      }
    }
  });
});

describe('name field, TD3 (Doc 9303 Part 4 §4.2.3 examples)', () => {
  it.each([
    ['Eriksson', 'Anna Maria', 'PPUTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<'],
    ['Heng', 'Deborah Ming Lo', 'PPUTOHENG<<DEBORAH<MING<LO<<<<<<<<<<<<<<<<<<'],
    ['Smith-Jones', 'Susie Margaret', 'PPUTOSMITH<JONES<<SUSIE<MARGARET<<<<<<<<<<<<'],
    ["O'Connor", 'Enya Siobhan', 'PPUTOOCONNOR<<ENYA<SIOBHAN<<<<<<<<<<<<<<<<<<'],
    ['Van Der Muellen', 'Martin', 'PPUTOVAN<DER<MUELLEN<<MARTIN<<<<<<<<<<<<<<<<'],
    ['Al-Basri', 'Huda Muhammad Jawad', 'PPUTOAL<BASRI<<HUDA<MUHAMMAD<JAWAD<<<<<<<<<<'],
    ['Vilarchao Fernandez', 'Jose Ramon', 'PPUTOVILARCHAO<FERNANDEZ<<JOSE<RAMON<<<<<<<<'],
    ['Arkfreith', undefined, 'PPUTOARKFREITH<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<'],
    ['Satriya Sudarpa', undefined, 'PPUTOSATRIYA<SUDARPA<<<<<<<<<<<<<<<<<<<<<<<<'],
    // §4.2.3.2: the secondary identifier truncated at the end of the field.
    ['Nilavadhanananda', 'Chayapa Dejthamrong Krasuang', 'PPUTONILAVADHANANANDA<<CHAYAPA<DEJTHAMRONG<K'],
    ['Nilavadhanananda', 'Arnpol Petch Charonguang', 'PPUTONILAVADHANANANDA<<ARNPOL<PETCH<CHARONGU'],
    // §4.2.3.4: fits exactly; a letter in position 44 must be read as possible truncation.
    ['Papandropoulous', 'Jonathon Warren Trevor', 'PPUTOPAPANDROPOULOUS<<JONATHON<WARREN<TREVOR'],
  ])('%s, %s', (primary, secondary, expected) => {
    expect(expected).toHaveLength(44);
    expect(td3Upper(primary, secondary)).toBe(expected);
  });

  it('truncation flag and the possible-truncation reading', () => {
    expect(formatNameField({ primaryIdentifier: 'Nilavadhanananda', secondaryIdentifier: 'Arnpol Petch Charonguang' }, 39).truncated).toBe(true);
    const exact = formatNameField({ primaryIdentifier: 'Papandropoulous', secondaryIdentifier: 'Jonathon Warren Trevor' }, 39);
    expect(exact.truncated).toBe(false);
    expect(parseNameField(exact.field)).toEqual({ primaryIdentifier: 'PAPANDROPOULOUS', secondaryIdentifier: 'JONATHON WARREN TREVOR', mayBeTruncated: true });
  });

  it('a primary identifier too long is cut to free three positions for << and the first secondary character (§4.2.2.1)', () => {
    const { field, truncated } = formatNameField({ primaryIdentifier: 'Bennelong Wooloomooloo Warrandyte Warnambool', secondaryIdentifier: 'Dingo Potoroo' }, 39);
    expect(truncated).toBe(true);
    expect(field).toBe('BENNELONG<WOOLOOMOOLOO<WARRANDYTE<WA<<D');
    expect(field.endsWith('<')).toBe(false);
    expect(parseNameField(field)).toMatchObject({ primaryIdentifier: 'BENNELONG WOOLOOMOOLOO WARRANDYTE WA', secondaryIdentifier: 'D', mayBeTruncated: true });
  });

  it('a name with only a primary identifier is cut to end on a letter', () => {
    const { field } = formatNameField({ primaryIdentifier: 'Bennelong Wooloomooloo Warrandyte Warnambool' }, 39);
    expect(field).toBe('BENNELONG<WOOLOOMOOLOO<WARRANDYTE<WARNA');
  });

  it('a cut that falls on a separator keeps the next initial, so the field still ends on a letter', () => {
    // ANNA<MARIA cut to 5 would be "ANNA<"; the component before gives up a letter for the initial.
    expect(formatNameField({ primaryIdentifier: 'Abcdefghijklmnopqrstuvwxyz', secondaryIdentifier: 'Anna Maria' }, 33).field).toBe('ABCDEFGHIJKLMNOPQRSTUVWXYZ<<ANN<M');
  });
});

describe('name field, TD1 (Doc 9303 Part 5 §4.2.3 examples)', () => {
  it.each([
    ['Van Der Muellen', 'Martin', 'VAN<DER<MUELLEN<<MARTIN<<<<<<<'],
    ['Al-Basri', 'Huda Muhammad Jawad', 'AL<BASRI<<HUDA<MUHAMMAD<JAWAD<'],
    ['Vilarchao Fernandez', 'Jose Ramon', 'VILARCHAO<FERNANDEZ<<JOSE<RAMO'],
    ['Arkfreith', undefined, 'ARKFREITH<<<<<<<<<<<<<<<<<<<<<'],
    ['Satriya Sudarpa', undefined, 'SATRIYA<SUDARPA<<<<<<<<<<<<<<<'],
    ['Papandropoulous', 'Jonathon Alec', 'PAPANDROPOULOUS<<JONATHON<ALEC'],
  ])('%s, %s', (primary, secondary, expected) => {
    expect(expected).toHaveLength(30);
    expect(td1Lower(primary, secondary)).toBe(expected);
  });

  it('the initials styles of §4.2.3.1 are at the State\u2019s discretion; ours cuts at the end and still ends on a letter', () => {
    // The standard shows NILAVADHANANANDA<<CHAYAPA<DE<K as one permitted option.
    expect(td1Lower('Nilavadhanananda', 'Chayapa Dejthamrong Krasuang')).toBe('NILAVADHANANANDA<<CHAYAPA<DEJT');
    expect(td1Lower('Bennelong Wooloomooloo Warrandyte Warnambool', 'Dingo Potoroo')).toBe('BENNELONG<WOOLOOMOOLOO<WARR<<D');
  });

  it('an empty primary identifier is refused', () => {
    expect(() => formatNameField({ primaryIdentifier: " '- ", secondaryIdentifier: 'Anna' }, 30)).toThrowError(expect.objectContaining({ code: 'MRZ_INVALID_FIELD' }));
  });
});
