/**
 * The single entry point to @peculiar/x509 for this library.
 *
 * @peculiar/x509 resolves its algorithm providers through tsyringe, which needs the
 * `Reflect.getMetadata` polyfill to be installed before the library is evaluated; importing
 * @peculiar/x509 only through this module guarantees that order whatever module is loaded first.
 */
import 'reflect-metadata';

export * from '@peculiar/x509';
