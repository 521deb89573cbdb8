export { QUEUES, issuanceQueueFor, type BiometricModality, type DeduplicationCandidate, type DeduplicationRequest, type DeduplicationResult } from './queues';
