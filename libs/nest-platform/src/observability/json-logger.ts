import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { currentCorrelationId } from './request-context';

/**
 * Nest's logger as structured JSON lines (pino): level, time, service, context, message and the
 * correlation id of the request or job being handled, so one enrolment can be followed across
 * services. Messages must not carry personal data; the services log ids and codes only.
 */
export class JsonLogger implements LoggerService {
  private readonly logger: Logger;

  constructor(service: string, options: { level?: string; destination?: NodeJS.WritableStream } = {}) {
    this.logger = pino({ level: options.level ?? 'info', base: { service }, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } }, options.destination ?? process.stdout);
  }

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }

  error(message: unknown, stackOrContext?: string, context?: string): void {
    const stack = context !== undefined ? stackOrContext : undefined;
    this.write('error', message, context ?? (stack === undefined ? stackOrContext : undefined), stack);
  }

  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }

  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }

  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, context?: string, stack?: string): void {
    const correlationId = currentCorrelationId();
    this.logger[level]({ ...(context && { context }), ...(correlationId && { correlationId }), ...(stack && { stack }) }, typeof message === 'string' ? message : JSON.stringify(message));
  }
}
