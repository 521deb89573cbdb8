import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { type FieldProblem, ValidationFailedError } from './platform-error';

/**
 * Validates request bodies, queries and params against their DTO classes (class-validator):
 * unknown properties are refused, and every failing field is named in the error.
 */
@Injectable()
export class DtoValidationPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const type = metadata.metatype;
    if (!type || [String, Number, Boolean, Array, Object].includes(type as never)) return value;
    if (metadata.type === 'body' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new ValidationFailedError([{ field: '(body)', message: 'expected a JSON object' }]);
    }
    const instance = plainToInstance(type as new () => object, value ?? {}, { enableImplicitConversion: metadata.type !== 'body' });
    const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
    if (errors.length > 0) throw new ValidationFailedError(flatten(errors));
    return instance;
  }
}

function flatten(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    // class-validator's default messages start with the property name; the field says it already.
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
