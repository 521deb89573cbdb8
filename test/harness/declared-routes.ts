import 'reflect-metadata';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { PERMISSION_KEY, PUBLIC_KEY } from '@citizen-zero/nest-platform';

export interface DeclaredRoute {
  /** `Controller.method controllerPath/handlerPath`. */
  readonly route: string;
  /** The permission the handler (or its controller) requires. */
  readonly permission?: string;
  readonly isPublic: boolean;
}

/** Every HTTP route of the controllers with the access rule it declares (for the services' route tests). */
export function declaredRoutes(controllers: readonly (abstract new (...args: never[]) => unknown)[]): DeclaredRoute[] {
  return controllers.flatMap((controller) => {
    const prototype = controller.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(prototype)
      .filter((name) => name !== 'constructor' && typeof prototype[name] === 'function' && Reflect.hasMetadata(METHOD_METADATA, prototype[name] as object))
      .map((name) => {
        const handler = prototype[name] as object;
        const permission = (Reflect.getMetadata(PERMISSION_KEY, handler) ?? Reflect.getMetadata(PERMISSION_KEY, controller)) as string | undefined;
        return {
          route: `${controller.name}.${name} ${String(Reflect.getMetadata(PATH_METADATA, controller))}/${String(Reflect.getMetadata(PATH_METADATA, handler))}`,
          ...(permission && { permission }),
          isPublic: Reflect.getMetadata(PUBLIC_KEY, handler) === true || Reflect.getMetadata(PUBLIC_KEY, controller) === true,
        };
      });
  });
}
