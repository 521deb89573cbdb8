/**
 * @citizen-zero/nest-platform — what every Citizen Zero NestJS service shares: OIDC bearer
 * authentication with permissions that fail closed, RFC 9457 problem details with stable codes,
 * DTO validation naming every field, correlation ids, and BullMQ queues on Redis.
 */
export { PlatformError, RateLimitedError, ValidationFailedError, PLATFORM_STATUS_BY_CODE, type PlatformErrorCode, type FieldProblem } from './platform-error';
export { type Actor, type ApiKeyVerifier, type AuthenticatedRequest, type TokenVerifier, API_KEY_VERIFIER, CurrentActor, PERMISSION_KEY, PUBLIC_KEY, Public, RequirePermission, TOKEN_VERIFIER } from './access';
export { AccessGuard } from './access.guard';
export { OidcTokenVerifier, type OidcOptions } from './oidc-token-verifier';
export { ProblemDetailsFilter, type ProblemDetails, type ProblemDetailsOptions, type ExceptionResponder } from './problem-details.filter';
export { DtoValidationPipe } from './validation.pipe';
export { ObservabilityMiddleware } from './observability/observability.middleware';
export { PlatformMetrics } from './observability/platform-metrics';
export { MetricsController } from './observability/metrics.controller';
export { JsonLogger } from './observability/json-logger';
export { requestContext, currentCorrelationId, type RequestContext } from './observability/request-context';
export { checkReadiness, type Readiness, type ReadinessBody } from './observability/readiness';
export { CORRELATION_HEADER, correlationHeaders, observedFetch } from './observability/outgoing-http';
export { QueueConnection, type QueueConnectionOptions } from './queue-connection';
export { managerOf, Transactions, type Transaction } from './transactions';
export { EnvironmentReader } from './environment-reader';
export { QueryBoolean } from './query-boolean';
export { IsBase64Bytes, isBase64Text } from './is-base64-bytes';
export { createPostgresDataSource, dataSourceProvider, Database, type PostgresDataSourceOptions } from './database';
export { ConfigError, loadConfigOrExit } from './config-error';
export { enableBrowserCors } from './browser-cors';
