/**
 * The specimen MRZs of ICAO Doc 9303, for the fictitious State of Utopia (code UTO, Part 3 §5 Part G).
 * Written out from the standard and cross-checked against independent implementations that carry the same
 * strings as test vectors (JMRTD, MRZParser (Swift), PersoSim, and others; found with the code search of
 * this workspace's library).
 */

/** Doc 9303 Part 4 (7th/8th edition), Appendix A Figure A-1 / Appendix B Figure B-1: the TD3 data page of Anna Maria Eriksson. */
export const TD3_SPECIMEN = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'] as const;

/** The same data page in the 6th and earlier editions (and Part 11 Appendix D): an 8-character passport number. */
export const TD3_SPECIMEN_OLD = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C<3UTO6908061F9406236ZE184226B<<<<<14'] as const;

/** Doc 9303 Part 5, Appendix A Figure A-2 / Appendix B Figure B-1: the TD1 card of Anna Maria Eriksson. */
export const TD1_SPECIMEN = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'] as const;

/**
 * Doc 9303 Part 11, Appendix D.2 (worked MRZ-information example): a TD1 whose document number D23145890734
 * has more than nine characters (Part 5 §4.2.2 note j).
 */
export const TD1_LONG_NUMBER_SPECIMEN = ['I<UTOD23145890<7349<<<<<<<<<<<', '3407127M9507122UTO<<<<<<<<<<<2', 'STEVENSON<<PETER<JOHN<<<<<<<<<'] as const;

/** Doc 9303 Part 3 Appendix A, Example 3 (TD3 lower line, composite 8) and Example 4 (TD1 upper and middle lines, composite 2). */
export const PART3_EXAMPLE_3_TD3_LOWER = 'HA672242<6YTO5802254M9601086<<<<<<<<<<<<<<08';
export const PART3_EXAMPLE_4_TD1 = ['I<YTOD231458907<<<<<<<<<<<<<<<', '3407127M9507122YTO<<<<<<<<<<<2'] as const;
