import { MDL_NAMESPACE, type ClaimsInput } from '@citizen-zero/mdoc';
import { syntheticPortraitJpeg } from '@citizen-zero/test-harness';

/** A realistic mDL: every mandatory element, common optional ones, a ~20 KB portrait (about 25 elements with the derived age_over_NN). */
export function sampleMdlClaims(seed = 1): ClaimsInput {
  return {
    [MDL_NAMESPACE]: {
      family_name: 'Okonkwo',
      given_name: 'Adaeze Marie',
      birth_date: '1990-04-17',
      issue_date: '2026-01-10',
      expiry_date: '2036-01-09',
      issuing_country: 'UT',
      issuing_authority: 'Utopia Road Traffic Authority',
      document_number: `DL${String(100000 + seed)}`,
      portrait: Buffer.from(syntheticPortraitJpeg(seed)).toString('base64'),
      driving_privileges: [
        { vehicle_category_code: 'B', issue_date: '2008-05-01', expiry_date: '2036-01-09' },
        { vehicle_category_code: 'A', issue_date: '2012-07-15', expiry_date: '2036-01-09', codes: [{ code: '01', sign: '=', value: '02' }] },
      ],
      un_distinguishing_sign: 'UTO',
      sex: 2,
      height: 171,
      weight: 64,
      eye_colour: 'brown',
      hair_colour: 'black',
      birth_place: 'Utopia City',
      resident_address: '12 Harbour Street',
      resident_city: 'Utopia City',
      resident_postal_code: '1011 AB',
      resident_country: 'UT',
      nationality: 'UT',
      issuing_jurisdiction: 'UT-01',
    },
  };
}
