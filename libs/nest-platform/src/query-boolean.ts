import { Transform } from 'class-transformer';

/**
 * A boolean query parameter: "true"/"false" from the raw string (implicit conversion would read
 * "false" as true); anything else is left for @IsBoolean() to refuse.
 */
export const QueryBoolean = () =>
  Transform(({ obj, key }) => {
    const raw = (obj as Record<string, unknown>)[key];
    return raw === 'true' ? true : raw === 'false' ? false : raw;
  });
